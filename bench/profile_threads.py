"""Milliseconds of CPU per job in an async-profiler collapsed profile taken with `threads` at 100 µs (bench/
service-profile.sh): per thread (numbers in names folded, so a pool's threads add up), then, for the threads that
work around the training, per code path (a sample counts under every path its stack passes through).
usage: profile_threads.py <collapsed file> <jobs>
"""
import collections
import re
import sys

INTERVAL_MS = 0.1
path, jobs = sys.argv[1], int(sys.argv[2])
PATHS = [
    ("Spring transaction boundary (all work inside @Transactional)", r"TransactionInterceptor\.invoke"),
    ("Spring Data JPA repository query", r"AbstractJpaQuery\.execute"),
    ("Hibernate (any)", r"org/hibernate/"),
    ("H2 (any)", r"org/h2/"),
    ("H2 parsing SQL", r"org/h2/command/Parser"),
    ("JdbcClient / JdbcTemplate", r"org/springframework/jdbc/core/"),
    ("Jackson", r"tools/jackson/"),
    ("Tomcat + Spring MVC", r"org/apache/(catalina|coyote)/"),
    ("logging", r"ch/qos/logback/"),
    ("kernel", r"_\[k\]"),
]
AROUND = r"^\[(http-nio|job-events|epoch-writer|db-scheduler)"

threads = collections.Counter()
paths = collections.defaultdict(collections.Counter)
for line in open(path):
    stack, n = line.rstrip("\n").rsplit(" ", 1)
    n = int(n)
    thread = re.sub(r"\d+", "N", stack.split(";", 1)[0])
    threads[thread] += n
    if re.search(AROUND, thread):
        for name, pattern in PATHS:
            if re.search(pattern, stack):
                paths[thread][name] += n

print(f"CPU per job, ms ({jobs} jobs, {INTERVAL_MS * 1000:.0f} µs samples)")
for thread, n in threads.most_common(15):
    print(f"  {n * INTERVAL_MS / jobs:8.2f}  {thread}")
for thread in sorted(paths, key=lambda t: -threads[t]):
    print(f"{thread}: {threads[thread] * INTERVAL_MS / jobs:.2f} ms per job, of which")
    for name, _ in PATHS:
        if paths[thread][name]:
            print(f"  {paths[thread][name] * INTERVAL_MS / jobs:8.2f}  {name}")
