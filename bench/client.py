"""Case (d)'s client for bench/run.sh: one long-lived process that, for each line read from stdin (a job's epochs),
submits case (a)'s job, follows its event stream until the service closes it, as a client would, and prints one line:
status, service_s (the job's own createdAt → finishedAt), client_s (before the POST → stream closed), where the
client's time exceeds the job's (post_s: POST sent → createdAt; final_s: finishedAt → final status read; close_s:
→ stream closed), the first epoch's own seconds and every epoch's. One keep-alive connection and no process start
per job: a curl or Python starting beside the job took a core from its training, which the trainer alone, fed
through a pipe, never had to share.
usage: client.py <api root, e.g. http://127.0.0.1:8080/api/v1> <dataset id>
"""
import http.client
import json
import sys
import time
from datetime import datetime
from urllib.parse import urlsplit

root, dataset = urlsplit(sys.argv[1]), sys.argv[2]
conn = http.client.HTTPConnection(root.hostname, root.port)


def call(method, path, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, root.path + path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        sys.exit(f"{method} {path}: {response.status} {data[:300]!r}")
    return data


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


for line in sys.stdin:
    spec = {"name": "bench", "datasetId": dataset,
            "model": {"type": "mlp", "layers": [{"units": 128, "activation": "relu"},
                                                {"units": 64, "activation": "relu"}]},
            "optimizer": {"type": "adam", "learningRate": 0.001}, "batchSize": 32, "epochs": int(line),
            "seed": 1, "validation": {"holdout": 0.0}}
    start = time.perf_counter()
    sent = time.time()  # wall clock, to set against the job's own stamps (the service runs on this machine)
    job = json.loads(call("POST", "/jobs", json.dumps(spec)))["id"]
    conn.request("GET", root.path + f"/jobs/{job}/events")
    stream = conn.getresponse()
    final = None
    for event in stream:  # line by line until the service closes the stream, after the final status
        if final is None and event.startswith(b"data:") and b'"status":"SUCCEEDED"' in event:
            final = time.time()
    closed = time.time()
    client = time.perf_counter() - start
    done = json.loads(call("GET", f"/jobs/{job}"))
    epochs = json.loads(call("GET", f"/jobs/{job}/epochs"))
    created, finished = instant(done["createdAt"]).timestamp(), instant(done["finishedAt"]).timestamp()
    final = final or closed
    each = ",".join(f"{e['seconds']:.5f}" for e in epochs)
    # post_s: POST sent -> createdAt; final_s: finishedAt -> final status read; close_s: -> stream closed.
    print(f"status={done['status']} service_s={finished - created:.4f} client_s={client:.4f} "
          f"post_s={created - sent:.4f} final_s={final - finished:.4f} close_s={closed - final:.4f} "
          f"first_epoch_s={epochs[0]['seconds']:.4f} each_epoch_s={each}", flush=True)
