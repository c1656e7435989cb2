"""PyTorch peer of bench/trainStep.ts: the reference notebook's model, layer
for layer, one SGD step at batch 64, untracked and tracked with the same HSIC
definition (gaussian kernel, sigma = 5, biased tr(KHLH)/(m-1)^2, Gram
matrices through matrix products, X and Y kernels once per batch).
Prints one JSON object. Needs Debian's python3-torch (/usr/bin/python3)."""
import ctypes
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BATCHES = int(sys.argv[1]) if len(sys.argv) > 1 else 10
# Threads: PyTorch's own default when absent (1 on these machines), else the given count.
if len(sys.argv) > 2:
    torch.set_num_threads(int(sys.argv[2]))
WARMUP = 2
M = 64


def model():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, 1, 1), nn.ReLU(), nn.Flatten(),
        nn.Linear(16 * 28 * 28, 1000), nn.ReLU(),
        nn.Linear(1000, 500), nn.ReLU(),
        nn.Linear(500, 200), nn.ReLU(),
        nn.Linear(200, 10),  # logits; softmax lives in the loss, computed once
    )


def gaussian_gram(x, sigma):
    sq = (x * x).sum(1, keepdim=True)
    d = (sq + sq.t() - 2 * x @ x.t()).clamp_min(0)
    return torch.exp(-d / (2 * sigma * sigma))


def center(k):
    return k - k.mean(0, keepdim=True) - k.mean(1, keepdim=True) + k.mean()


def hsic_coordinates(x, y, hidden, sigma=5.0):
    m = x.shape[0]
    kx = center(gaussian_gram(x, sigma))
    ky = center(gaussian_gram(y, sigma))
    out = []
    for h in hidden:
        kh = gaussian_gram(h, sigma)
        out.append(torch.stack([(kx * kh).sum(), (ky * kh).sum()]) / (m - 1) ** 2)
    return torch.stack(out)


def run(tracked):
    torch.manual_seed(0)
    net = model()
    opt = torch.optim.SGD(net.parameters(), lr=0.001, momentum=0.95)
    times = []
    for i in range(BATCHES + WARMUP):
        x = torch.rand(M, 1, 28, 28) * 2 - 1
        labels = torch.randint(0, 10, (M,))
        start = time.perf_counter()
        hidden = []
        h = x
        for layer in net:
            h = layer(h)
            if isinstance(layer, nn.ReLU) or layer is net[-1]:
                hidden.append(h)
        loss = F.cross_entropy(h, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if tracked:
            with torch.no_grad():
                y = F.one_hot(labels, 10).float()
                coords = hsic_coordinates(x.reshape(M, -1), y, [t.reshape(M, -1) for t in hidden])
                coords.tolist()
        loss.item()
        if i >= WARMUP:
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# Alternated, as bench/trainStep.ts does, so drift on a shared machine hits both alike.
untracked, tracked = [], []
for _ in range(2):
    untracked.append(run(False))
    tracked.append(run(True))


def openblas_threads():
    """The threads OpenBLAS runs its products on (torch's own count does not cover them), or None."""
    for line in open("/proc/self/maps"):
        if "openblas" in line:
            try:
                return ctypes.CDLL(line.split()[-1]).openblas_get_num_threads()
            except (OSError, AttributeError):
                return None
    return None


print(json.dumps({
    "torch": torch.__version__,
    "threads": torch.get_num_threads(),
    "blasThreads": openblas_threads(),
    "blas": "openblas" if "openblas" in open("/proc/self/maps").read() else "reference/other",
    "untrackedMs": statistics.median(untracked),
    "trackedMs": statistics.median(tracked),
    "batches": BATCHES,
}))
