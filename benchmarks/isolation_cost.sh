#!/usr/bin/env bash
# What the sandboxes' namespaces (grader/sandbox/jail.py) cost: `grade solutions/` with them
# against the same run with GRADE_SANDBOX_JAIL=0, in pairs (A then B, so that a drift of the
# machine's speed hits both), with GNU time's wall clock; and a fresh sandbox's start with and
# without them. Run as root (only root gets namespaces).
#   bash benchmarks/isolation_cost.sh [pairs, default 3] [extra grade arguments, e.g. -t indexing]
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${1:-3}
shift || true
GRADE=${GRADE:-$(command -v grade)}
seconds() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
"$GRADE" solutions/ "$@" >/dev/null # warm-up
for i in $(seq "$PAIRS"); do
  jailed=$(seconds "$GRADE" solutions/ "$@")
  open=$(GRADE_SANDBOX_JAIL=0 seconds "$GRADE" solutions/ "$@")
  echo "pair $i: with namespaces ${jailed} s, without ${open} s"
done
echo "-- a fresh sandbox, with namespaces:"
python benchmarks/sandbox_roundtrip.py --calls 200 --starts 50 | tail -2
echo "-- without:"
GRADE_SANDBOX_JAIL=0 python benchmarks/sandbox_roundtrip.py --calls 200 --starts 50 | tail -2
