#!/usr/bin/env bash
# What the sandboxes' namespaces (grader/sandbox/jail.py) cost: `grade solutions/` with them
# against the same run with GRADE_SANDBOX_JAIL=0, in pairs (farm-bench's A/B ratios), and a
# fresh sandbox's start with and without them. Run as root (only root gets namespaces).
#   bash benchmarks/isolation_cost.sh [runs, default 3] [extra grade arguments, e.g. -t indexing]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
shift || true
GRADE=${GRADE:-$(command -v grade)}
farm-bench -n "$RUNS" --warmup 1 --timeout 3600 \
  --vs "sh -c 'GRADE_SANDBOX_JAIL=0 exec $GRADE solutions/ $*'" -- "$GRADE" solutions/ "$@"
echo "-- a fresh sandbox, with namespaces:"
python benchmarks/sandbox_roundtrip.py --calls 200 --starts 50 | tail -2
echo "-- without:"
GRADE_SANDBOX_JAIL=0 python benchmarks/sandbox_roundtrip.py --calls 200 --starts 50 | tail -2
