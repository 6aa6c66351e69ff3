"""Per-step self time of each PyTorch operation in a Chrome trace from TrainBench --profile (or torch.profiler).

Self time is an event's duration minus its children's. Events of 20 ms or more, and everything inside them, are left
out: in a small-batch trace those are the whole-dataset passes around the epochs (the final evaluation), not steps.
Also prints how much of the traced span no PyTorch operation ran: the Java (or Python) side of the loop.
usage: profile_ops.py <trace.json> <steps> [rows, default 15]
"""
import collections
import json
import sys

trace, steps = sys.argv[1], int(sys.argv[2])
top_n = int(sys.argv[3]) if len(sys.argv) > 3 else 15
data = json.load(open(trace))
events = [e for e in (data["traceEvents"] if isinstance(data, dict) else data) if e.get("ph") == "X"]
BIG = 20000  # µs

by_thread = collections.defaultdict(list)
for e in events:
    by_thread[e.get("tid")].append(e)
self_time, calls = collections.Counter(), collections.Counter()
top_level = []
for thread in by_thread.values():
    thread.sort(key=lambda e: (e["ts"], -e["dur"]))
    stack = []
    for e in thread:
        while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
            stack.pop()
        inside_big = e["dur"] >= BIG or any(s["dur"] >= BIG for s in stack)
        if not inside_big:
            if stack:
                self_time[stack[-1]["name"]] -= e["dur"]
            else:
                top_level.append(e)
            self_time[e["name"]] += e["dur"]
            calls[e["name"]] += 1
        stack.append(e)

busy = sum(e["dur"] for e in top_level)
print(f"PyTorch operations: {busy / steps:.1f} µs a step, over {steps} steps")
for name, t in self_time.most_common(top_n):
    print(f"  {t / steps:8.1f} µs/step  {calls[name] / steps:5.2f} calls/step  {name}")
