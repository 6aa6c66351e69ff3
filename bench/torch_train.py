"""PyTorch's side of bench/run.sh: the same model, data and per-step work as Descent's Trainer, timed the same way.

Per step: batch gather by a shuffled index, forward, loss, backward, Adam step, zeroed gradients, loss (and
correct-count) sums kept on the tensor side; per epoch: a fresh permutation and one sync of the sums (.item()).
Warm-up: at least <warmup steps> steps in whole epochs (at least one), as Descent's side warms up; then only the
epoch loop is timed.
usage: torch_train.py <csv> <classification|regression> <units e.g. 128,64> <batch> <epochs> <threads> [warmup steps]
<threads>: N for N intra-op threads and N OpenBLAS threads, or N+M for N intra-op threads and M OpenBLAS threads.
torch.set_num_threads does not reach Debian's OpenBLAS, which otherwise uses every core for a large product.
"""
import os
import sys
import time

intra, _, blas = sys.argv[6].partition("+")
# Read by OpenBLAS when torch loads it, so set before the import.
os.environ["OPENBLAS_NUM_THREADS"] = blas or intra

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

csv, task, units, batch, epochs = sys.argv[1:6]
batch, epochs, threads = int(batch), int(epochs), int(intra)
warmup_steps = int(sys.argv[7]) if len(sys.argv) > 7 else 0
torch.set_num_threads(threads)
torch.manual_seed(1)
classification = task == "classification"
# bench/gpu.sh sets TORCH_DEVICE=cuda; the data, model and per-epoch sums then live on the GPU.
device = torch.device(os.environ.get("TORCH_DEVICE", "cpu"))

frame = pd.read_csv(csv)
x = frame.iloc[:, :-1].to_numpy(dtype=np.float64)
mean, std = x.mean(axis=0), x.std(axis=0)
std[std == 0] = 1
X = torch.tensor((x - mean) / std, dtype=torch.float32)
if classification:
    Y = torch.tensor(frame.iloc[:, -1].to_numpy(), dtype=torch.int64)
    outputs = int(Y.max()) + 1
else:
    y = frame.iloc[:, -1].to_numpy(dtype=np.float64)
    Y = torch.tensor(((y - y.mean()) / y.std())[:, None], dtype=torch.float32)
    outputs = 1
X, Y = X.to(device), Y.to(device)
n = X.shape[0]

layers = []
width = X.shape[1]
for u in map(int, units.split(",")):
    layers += [torch.nn.Linear(width, u), torch.nn.ReLU()]
    width = u
layers.append(torch.nn.Linear(width, outputs))
model = torch.nn.Sequential(*layers).to(device)
opt = torch.optim.Adam(model.parameters(), lr=0.001)


def epoch():
    order = torch.randperm(n, device=device)
    loss_sum = torch.zeros((), device=device)
    correct = torch.zeros((), dtype=torch.int64, device=device)
    for start in range(0, n, batch):
        rows = order[start:start + batch]
        xb, yb = X[rows], Y[rows]
        out = model(xb)
        loss = F.cross_entropy(out, yb) if classification else F.mse_loss(out, yb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            loss_sum += loss.detach() * len(rows)
            if classification:
                correct += (out.argmax(1) == yb).sum()
    return loss_sum.item() / n, correct.item() / n


steps_per_epoch = (n + batch - 1) // batch
warmup_epochs = max(1, -(-warmup_steps // steps_per_epoch))
for _ in range(warmup_epochs):
    epoch()
cpu = time.thread_time()
start = time.perf_counter()
for _ in range(epochs):
    loss, acc = epoch()
seconds = time.perf_counter() - start
cpu = time.thread_time() - cpu
print(f"RESULT side=pytorch threads={sys.argv[6]} intra_op={torch.get_num_threads()} "
      f"blas_threads={os.environ['OPENBLAS_NUM_THREADS']} samples_per_s={epochs * n / seconds:.1f} "
      f"loop_s={seconds:.4f} wall_s={seconds:.4f} cpu_s={cpu:.4f} last_loss={loss:.6f} "
      f"warmup_steps={warmup_epochs * steps_per_epoch} device={device}")
