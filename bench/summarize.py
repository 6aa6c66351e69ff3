"""Medians (min-max) per case, side and thread count from a bench/run.sh results file; each side at its fastest."""
import collections
import re
import statistics
import sys

rows = []
for line in open(sys.argv[1]):
    if line.startswith("case="):
        rows.append(dict(re.findall(r"(\w+)=(\S+)", line)))
    elif not line.startswith("RESULT"):
        print(line.rstrip())


def fmt(values, digits=1):
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f}, n={len(values)})"


def to_succeeded(r):
    """The issue's "POST to SUCCEEDED" seen by the client: until it reads SUCCEEDED, before the stream's close."""
    return float(r["client_s"]) - float(r["close_s"])


def fastest_tenth(base, other):
    """Each side's 10th percentile and other's overhead over base there, %; None below 10 values a side. When the
    machine's speed swings from run to run, the fastest tenth is what the same work costs with the least of that
    swing in it: a second view beside the medians, not instead of them."""
    if len(base) < 10 or len(other) < 10:
        return None
    b, o = (statistics.quantiles(v, n=10)[0] for v in (base, other))
    return b, o, 100 * (o / b - 1)


def epochs_of(r):
    """A job's or run's own epoch seconds, in order (bench/client.py's and TrainBench's each_epoch_s)."""
    return [float(x) for x in r["each_epoch_s"].split(",")]


def epoch_stretches(d, bounds):
    """The service's epochs against the trainer's, % by the medians of each stretch's summed epoch seconds, for the
    stretches between bounds (None: to the last epoch); [] where a side has no per-epoch figures."""
    each = {side: [epochs_of(r) for r in d
                   if r["side"] == side and "each_epoch_s" in r] for side in ("trainer", "service")}
    if not each["trainer"] or not each["service"]:
        return []
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        t = statistics.median(sum(e[lo:hi]) for e in each["trainer"])
        s = statistics.median(sum(e[lo:hi]) for e in each["service"])
        out.append((lo, hi, 100 * (s / t - 1)))
    return out


for case in "abc":
    got = collections.defaultdict(list)
    for r in rows:
        if r["case"] == case:
            got[(r["side"], r["threads"])].append(float(r["samples_per_s"]))
    if not got:
        continue
    print(f"case {case}: samples/s, median (min-max)")
    best = {}
    for (side, threads), v in sorted(got.items()):
        print(f"  {side:8s} threads={threads}: {fmt(v)}")
        if side not in best or statistics.median(v) > statistics.median(best[side][1]):
            best[side] = (threads, v)
    if len(best) == 2:
        d, p = best["descent"], best["pytorch"]
        print(f"  fastest: descent threads={d[0]}, pytorch threads={p[0]}; "
              f"ratio descent/pytorch = {statistics.median(d[1]) / statistics.median(p[1]):.2f}")
    loads = [float(r["load"]) for r in rows if r["case"] == case]
    print(f"  load average (1 min) during the case: {fmt(loads, 2)}")

for epochs in sorted({r.get("epochs", "30") for r in rows if r["case"] == "d"}, key=int):
    d = [r for r in rows if r["case"] == "d" and r.get("epochs", "30") == epochs]
    trainer = [float(r["wall_s"]) for r in d if r["side"] == "trainer"]
    service = [float(r["service_s"]) for r in d if r["side"] == "service"]
    if trainer and service:
        print(f"case d, {epochs} epochs: seconds, median (min-max)")
        print(f"  trainer alone (train() wall): {fmt(trainer, 3)}")
        print(f"  service (createdAt→finishedAt): {fmt(service, 3)}")
        print(f"  service overhead: {100 * (statistics.median(service) / statistics.median(trainer) - 1):.1f} %")
        tenth = fastest_tenth(trainer, service)
        if tenth:
            print(f"  fastest tenth (10th percentile): trainer {tenth[0]:.3f}, service {tenth[1]:.3f}; "
                  f"overhead {tenth[2]:.1f} %")
        # Each run's two sides ran back to back: the overhead within a pair is less exposed to the machine's drift.
        pairs = collections.defaultdict(dict)
        for r in d:
            pairs[(r.get("jvm", "1"), r["run"])][r["side"]] = r

        def paired(seconds, *needs):
            """The service's overhead within each pair, %, by seconds(service's line), where it has every field."""
            return [100 * (seconds(p["service"]) / float(p["trainer"]["wall_s"]) - 1) for p in pairs.values()
                    if len(p) == 2 and all(n in p["service"] for n in needs)]

        def service(part):
            return [float(r[part]) for r in d if r["side"] == "service" and part in r]

        in_pairs = paired(lambda r: float(r["service_s"]))
        if in_pairs:
            print(f"  service overhead within each run's pair, %: {fmt(in_pairs, 1)}")
        client = service("client_s")
        if client:
            print(f"  client (before the POST → event stream closed, bench/client.py): {fmt(client, 3)}; "
                  f"overhead {100 * (statistics.median(client) / statistics.median(trainer) - 1):.1f} %")
        succeeded = [to_succeeded(r) for r in d if r["side"] == "service" and "close_s" in r]
        if succeeded:
            print(f"  client (before the POST → SUCCEEDED read from the event stream): {fmt(succeeded, 3)}; "
                  f"overhead {100 * (statistics.median(succeeded) / statistics.median(trainer) - 1):.1f} %")
            tenth = fastest_tenth(trainer, succeeded)
            if tenth:
                print(f"  client → SUCCEEDED, fastest tenth: {tenth[1]:.3f}; overhead {tenth[2]:.1f} %")
            in_pairs = paired(to_succeeded, "close_s")
            if in_pairs:
                print(f"  client → SUCCEEDED overhead within each run's pair, %: {fmt(in_pairs, 1)}")
        # A run is one fresh service JVM against one fresh trainer JVM (bench/run.sh): each run's medians against
        # each other, then the median over the runs.
        jvms = sorted({r.get("jvm", "1") for r in d}, key=int)
        if len(jvms) > 1:
            per = collections.defaultdict(list)
            for j in jvms:
                mine = [r for r in d if r.get("jvm", "1") == j]
                t = statistics.median(float(r["wall_s"]) for r in mine if r["side"] == "trainer")
                s = [r for r in mine if r["side"] == "service"]
                per["service (createdAt→finishedAt)"].append(
                    100 * (statistics.median(float(r["service_s"]) for r in s) / t - 1))
                if all("close_s" in r for r in s):
                    per["client (before the POST → SUCCEEDED read)"].append(
                        100 * (statistics.median(to_succeeded(r) for r in s) / t - 1))
                if all("epochs_s" in r for r in mine):
                    per["the epochs' own seconds"].append(100 * (
                        statistics.median(float(r["epochs_s"]) for r in s)
                        / statistics.median(float(r["epochs_s"]) for r in mine if r["side"] == "trainer") - 1))
                # Each job's fastest epoch, the training loop's floor: the least of the machine's swing and of what
                # runs beside the job's start is in it, so it compares the two JVMs' loops themselves.
                if all("each_epoch_s" in r for r in mine):
                    floor = {side: statistics.median(min(epochs_of(r)) for r in mine if r["side"] == side)
                             for side in ("trainer", "service")}
                    per["the fastest epoch of each job"].append(100 * (floor["service"] / floor["trainer"] - 1))
            print(f"  over {len(jvms)} runs (a fresh JVM pair each), each run's medians against each other, %:")
            for what, v in per.items():
                print(f"    {what}: {fmt(v, 1)}; each: {', '.join(f'{x:+.1f}' for x in v)}")
            # An A/B of service flags (bench/run.sh's ALT_JAVA_OPTS): the same figures for each kind of run.
            kinds = [next(r.get("opts", "base") for r in d if r.get("jvm", "1") == j) for j in jvms]
            if len(set(kinds)) > 1:
                for kind in sorted(set(kinds)):
                    print(f"  the runs with opts={kind}, %:")
                    for what, v in per.items():
                        mine = [x for x, k in zip(v, kinds) if k == kind]
                        print(f"    {what}: {fmt(mine, 1)}")
                    of_kind = [r for r in d if r.get("opts", "base") == kind]
                    tenth = fastest_tenth([float(r["wall_s"]) for r in of_kind if r["side"] == "trainer"],
                                          [to_succeeded(r) for r in of_kind if r["side"] == "service" and "close_s" in r])
                    if tenth:
                        print(f"    client → SUCCEEDED, fastest tenth: {tenth[2]:+.1f}")
                    # What a flag does to the code around a job, apart from the training's swing: the client's
                    # time to SUCCEEDED less the job's train() call.
                    around = [to_succeeded(r) - float(r["train_s"]) for r in of_kind
                              if r["side"] == "service" and "close_s" in r and "train_s" in r]
                    if around:
                        print(f"    the client's time outside train(), ms: {1e3 * statistics.median(around):.1f}")
                    # How long the training thread waited for a core while it was runnable (JobRunner's log).
                    waits = [1e3 * float(r["training_wait_s"]) for r in of_kind
                             if r["side"] == "service" and float(r.get("training_wait_s", -1)) >= 0]
                    if waits:
                        print(f"    the training thread's wait for a core, ms a job: {fmt(waits, 2)}")
                    parts = [f"epochs {lo + 1}-{hi or 'last'}: {pct:+.1f}"
                             for lo, hi, pct in epoch_stretches(of_kind, (0, 10, None))]
                    if parts:
                        print(f"    the service's epochs against the trainer's (medians): {'; '.join(parts)}")
        # The service's own time in each job: everything from createdAt to finishedAt but the train() call.
        own = [float(r["service_s"]) - float(r["train_s"]) for r in d if r["side"] == "service" and "train_s" in r]
        if own:
            print(f"  service's own time per job (service - train): {fmt(own, 4)}; "
                  f"{100 * statistics.median(own) / statistics.median(trainer):.1f} % of the trainer's median")
        for part, what in (("epochs_s", "sum of the epochs' own seconds"), ("first_epoch_s", "first epoch")):
            t = [float(r[part]) for r in d if r["side"] == "trainer" and part in r]
            s = [float(r[part]) for r in d if r["side"] == "service" and part in r]
            if t and s:
                print(f"  {what}: trainer {fmt(t, 4)}; service {fmt(s, 4)}")
        floors = {side: [min(epochs_of(r)) for r in d if r["side"] == side and "each_epoch_s" in r]
                  for side in ("trainer", "service")}
        if floors["trainer"] and floors["service"]:
            print(f"  fastest epoch of each job: trainer {fmt(floors['trainer'], 5)}; service {fmt(floors['service'], 5)}")
        # Where in the job the training runs slower: the epochs' own seconds by stretch of the job, both sides.
        n = min((len(epochs_of(r)) for r in d if "each_epoch_s" in r), default=0)
        stretches = [f"{lo + 1}-{hi}: {pct:+.1f} %"
                     for lo, hi, pct in epoch_stretches(d, [b for b in (0, 1, 3, 10, 30, 100) if b < n] + [n])]
        if stretches:
            print(f"  service's epochs against the trainer's, by epochs of the job (medians): {'; '.join(stretches)}")
        # Where the client's time exceeds the job's own (bench/client.py): POST sent -> createdAt, finishedAt ->
        # final status read, -> stream closed.
        for part in ("post_s", "final_s", "close_s"):
            if service(part):
                print(f"    client {part}: {fmt(service(part), 4)}")
        gc = service("gc_pause_ms")
        if gc:
            print(f"    service GC: stop-the-world pauses in {sum(1 for g in gc if g > 0)} of {len(gc)} jobs; "
                  f"longest {max(gc):.1f} ms; mean {statistics.mean(gc):.1f} ms a job")
        for part in ("queued_s", "setup_s", "train_s", "finish_s", "training_wait_s"):
            if service(part):
                print(f"    service {part[:-2]}: {fmt(service(part), 4)}")

descent = [r for r in rows if r["case"] == "i" and r["side"] == "descent"]
pandas = [float(r["read_csv_s"]) for r in rows if r["case"] == "i" and r["side"] == "pandas"]
if descent and pandas:
    server = [float(r["total_s"]) for r in descent]
    print("case i (ingest): seconds, median (min-max)")
    print(f"  descent server-side (validate+encode+store): {fmt(server, 3)}")
    if "scan_s" in descent[0]:
        # One pass that parses on one thread while the request thread stores the chunks, then the finish
        # (metadata; a rewrite of the codes or a second pass only when the file needs one, see "chunks=").
        print(f"    scan (parse || store): {fmt([float(r['scan_s']) for r in descent], 3)}; "
              f"finish: {fmt([float(r['finish_s']) for r in descent], 3)}; "
              f"chunks: {', '.join(sorted(set(r['chunks'] for r in descent)))}")
    else:
        print(f"    profile pass: {fmt([float(r['profile_s']) for r in descent], 3)}; "
              f"encode+store pass: {fmt([float(r['encode_store_s']) for r in descent], 3)}")
    print(f"  descent client-side upload: {fmt([float(r['client_s']) for r in descent], 3)}")
    print(f"  pandas.read_csv: {fmt(pandas, 3)}")
    print(f"  ratio pandas/descent (>1: descent faster): {statistics.median(pandas) / statistics.median(server):.2f}")
    peaks = [float(r["peak_heap_mb"]) for r in descent if r["peak_heap_mb"] != "na"]
    if peaks:
        print(f"  peak heap during upload, before a collection (GC log, -Xmx1g): {fmt(peaks, 0)} MB")
    lives = [float(r["live_heap_mb"]) for r in descent if r.get("live_heap_mb", "na") != "na"]
    if lives:
        print(f"  largest heap after a collection during upload (live data): {fmt(lives, 0)} MB")
