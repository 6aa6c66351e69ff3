"""Writes the benchmark's CSVs once, deterministically, so that Descent and PyTorch read the very same numbers."""
import os
import sys

import numpy as np

out = sys.argv[1]
# Optional names after the folder (digits, regression, ingest): write only those; the default is all three.
only = set(sys.argv[2:]) or {"digits", "regression", "ingest"}
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(42)


def write(path, x, y, fmt):
    if os.path.exists(path) or os.path.basename(path)[:-4] not in only:
        return
    cols = ",".join([f"f{j}" for j in range(x.shape[1])] + ["label"])
    np.savetxt(path + ".tmp", np.column_stack([x, y]), delimiter=",", header=cols, comments="", fmt=fmt)
    os.replace(path + ".tmp", path)


# (a, b) digits-shaped: 1,437 rows of 64 pixel intensities 0..16, 10 classes, each class a noisy template.
n, k = 1437, 10
templates = rng.integers(0, 17, size=(k, 64))
labels = rng.integers(0, k, size=n)
pixels = np.clip(templates[labels] + rng.integers(-4, 5, size=(n, 64)), 0, 16)
write(f"{out}/digits.csv", pixels, labels, "%d")

# (c) 80,000 × 100 regression.
x = rng.standard_normal((80000, 100)).astype(np.float32)
w = rng.standard_normal(100)
y = x @ w + np.sin(x[:, 0] * 3) * 2 + rng.standard_normal(80000) * 0.1
write(f"{out}/regression.csv", x, y, "%.6g")

# Ingest: 100,000 × 100 numeric (99 features and a numeric label), about 80 MB.
x = rng.uniform(0, 100, size=(100000, 100))
write(f"{out}/ingest.csv", x[:, :99], x[:, 99], "%.4f")
