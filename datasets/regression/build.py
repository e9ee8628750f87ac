"""Build the regression set of topic `gradient_descent`: 100 points (x, y) on a noisy line.

The formula, with u0, u1, u2, ... the successive values of ``random.Random(2019).random()``
(Python's Mersenne Twister, whose ``random()`` sequence for a given integer seed does not change
between Python versions), for each point in turn:

    x = 100 * u0                                    (uniform in [0, 100))
    z = sqrt(-2 * ln(1 - u1)) * cos(2 * pi * u2)    (standard normal, Box-Muller)
    y = 1.477 * x + 0.089 + 10 * z

each value written with 6 decimals, as ``x,y`` lines without a header (like the course's
``data.csv``, which ``numpy.genfromtxt(path, delimiter=",")`` reads).

Usage:
    python datasets/regression/build.py            # (re)writes datasets/regression/points.csv
    python datasets/regression/build.py --out FILE
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path

SEED = 2019
N_POINTS = 100
SLOPE, INTERCEPT, NOISE_STD = 1.477, 0.089, 10.0
X_RANGE = 100.0
DEFAULT_OUT = Path(__file__).resolve().parent / "points.csv"


def points() -> list[tuple[float, float]]:
    rng = random.Random(SEED)
    out = []
    for _ in range(N_POINTS):
        x = X_RANGE * rng.random()
        z = math.sqrt(-2.0 * math.log(1.0 - rng.random())) * math.cos(2.0 * math.pi * rng.random())
        out.append((x, SLOPE * x + INTERCEPT + NOISE_STD * z))
    return out


def csv_text() -> str:
    return "".join(f"{x:.6f},{y:.6f}\n" for x, y in points())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the CSV")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="ascii", newline="\n") as f:
        f.write(csv_text())
    print(f"wrote {N_POINTS} points to {args.out}")


if __name__ == "__main__":
    main()
