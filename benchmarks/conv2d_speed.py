"""The reference conv2d_by_hand against F.conv2d, on the same inputs, in the same process.

    python benchmarks/conv2d_speed.py [--repeats 200] [--device cpu|cuda]

Target (issue 4): the reference within 3x of F.conv2d on x [32, 16, 32, 32], 3x3 kernels
(16 -> 16 channels, padding 1). The two are timed in alternation, so that load on the machine
falls on both alike; the figure is the ratio of the medians.
"""

import argparse
import importlib.util
import statistics
import time
from pathlib import Path

import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[1]


def load_reference():
    spec = importlib.util.spec_from_file_location("reference_conv", ROOT / "solutions" / "conv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.conv2d_by_hand


def timed(fn, sync):
    sync()
    start = time.perf_counter()
    fn()
    sync()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    device = torch.device(args.device)
    torch.backends.cudnn.allow_tf32 = False  # as in the sandbox: compare float32 with float32
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    conv2d_by_hand = load_reference()
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(32, 16, 32, 32, generator=gen).to(device)
    weight = torch.randn(16, 16, 3, 3, generator=gen).to(device)
    bias = torch.randn(16, generator=gen).to(device)

    def builtin():
        return F.conv2d(x, weight, bias, 1, 1)

    def by_hand():
        return conv2d_by_hand(x, weight, bias, 1, 1)

    torch.testing.assert_close(by_hand(), builtin(), rtol=1e-4, atol=1e-4)
    for _ in range(10):  # warm-up: allocator, thread pools, cuDNN's choice of algorithm
        builtin(), by_hand()
    times_builtin, times_by_hand = [], []
    for _ in range(args.repeats):
        times_builtin.append(timed(builtin, sync))
        times_by_hand.append(timed(by_hand, sync))
    median_builtin = statistics.median(times_builtin)
    median_by_hand = statistics.median(times_by_hand)
    print(f"device {device}, {torch.get_num_threads()} threads, {args.repeats} repeats")
    print(f"F.conv2d        median {median_builtin * 1e3:.3f} ms")
    print(f"conv2d_by_hand  median {median_by_hand * 1e3:.3f} ms")
    print(f"ratio {median_by_hand / median_builtin:.2f}x (target: at most 3x)")


if __name__ == "__main__":
    main()
