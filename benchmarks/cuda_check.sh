#!/usr/bin/env bash
# The checks that need a CUDA machine, in one run (CI has no GPU, so they are skipped there):
#   1. `grade solutions/`: every check passes, the device-agreement ones included (none skipped);
#   2. `grade exercises/`: 0, every check not implemented;
#   3. the kit tests that drive CUDA (sandbox under its memory cap, a CPU-made tensor losing the
#      CUDA check, the CLI's full-marks test, the mistakes of two topics);
#   4. conv2d_by_hand against F.conv2d on the GPU and on the CPU.
# Usage: bash benchmarks/cuda_check.sh [OUTPUT_DIR]   (uses `python3` and the checkout as is)
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/cuda-check}
mkdir -p "$out"
export PYTHONPATH=$PWD PYTHONUNBUFFERED=1
grade() { python3 -c "from grader.cli import main; main()" "$@"; }

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
python3 -c "import sys, torch; print('python', sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.cuda.is_available())"

summarise() {  # outcomes of a report, and every check of the solutions that did not pass
  python3 - "$out/$1.json" <<'EOF'
import collections, json, sys
report = json.load(open(sys.argv[1]))
tests = report["tests"]
cuda = [t for t in tests if "on_cuda" in t["id"]]
print(f"{report['target']}: {report['score']:g}/{report['max_score']:g}; outcomes",
      dict(collections.Counter(t["outcome"] for t in tests)),
      "; CUDA checks", dict(collections.Counter(t["outcome"] for t in cuda)))
if report["target"] == "solutions":
    for t in tests:
        if t["outcome"] != "passed":
            print("  NOT PASSED", t["id"], "|", t["message"][:400].replace("\n", " "))
EOF
}

TIMEFORMAT="%R s wall"
echo "== grade solutions/"
time grade solutions/ --json "$out/solutions.json" --lang en >"$out/solutions.txt" 2>&1
summarise solutions

echo "== kit tests that use CUDA"
python3 -m pytest -q -p no:cacheprovider -x --timeout 300 tests/kit/test_devices.py \
  tests/kit/test_sandbox.py 2>&1 | tail -15

echo "== conv2d_by_hand speed"
python3 benchmarks/conv2d_speed.py --device cuda
python3 benchmarks/conv2d_speed.py --device cpu --repeats 100

echo "== grade exercises/"
time grade exercises/ --json "$out/exercises.json" --lang en >"$out/exercises.txt" 2>&1
summarise exercises

echo "== the mistakes of where_gather, CUDA checks included"
python3 -m pytest -q -p no:cacheprovider --timeout 400 tests/kit/test_mistakes.py \
  -k "where_gather" 2>&1 | tail -15

