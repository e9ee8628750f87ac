#!/usr/bin/env bash
# Time `grade solutions/` as a whole process (the student's and CI's view), five runs after a
# warm-up, with GNU time's wall clock and peak memory. Target (issue 2): under 10 s.
#   bash benchmarks/grade_run.sh [extra grade arguments, e.g. -t indexing]
set -euo pipefail
cd "$(dirname "$0")/.."
GRADE=${GRADE:-grade}
"$GRADE" solutions/ "$@" >/dev/null
for i in 1 2 3 4 5; do
  /usr/bin/time -f "run $i: %e s wall, %M KB peak RSS (grader process)" "$GRADE" solutions/ "$@" >/dev/null
done
