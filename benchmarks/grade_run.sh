#!/usr/bin/env bash
# Time a cold `grade FOLDER [ARGS]` as a whole process (the student's and CI's view): five runs
# after a warm-up, with GNU time's wall clock and peak memory, then the median wall time.
# Targets on the 2-core reference machine (issue 13): `grade solutions/` (all 16 topics) at most
# 10 s; `grade exercises/ -t indexing` (one topic of stubs) at most 2 s.
#   bash benchmarks/grade_run.sh                      # grade solutions/
#   bash benchmarks/grade_run.sh exercises/ -t indexing
set -euo pipefail
cd "$(dirname "$0")/.."
GRADE=${GRADE:-grade}
FOLDER=${1:-solutions/}
shift || true
"$GRADE" "$FOLDER" "$@" >/dev/null
times=()
for i in 1 2 3 4 5; do
  out=$( { /usr/bin/time -f "%e %M" "$GRADE" "$FOLDER" "$@" >/dev/null; } 2>&1 | tail -1)
  read -r wall peak <<<"$out"
  echo "run $i: $wall s wall, $peak KB peak RSS (grader process)"
  times+=("$wall")
done
printf '%s\n' "${times[@]}" | sort -n | sed -n 3p | xargs -I{} echo "median: {} s wall"
