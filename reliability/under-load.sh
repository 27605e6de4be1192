#!/usr/bin/env bash
# Runs the README's test command N times in a row (default 5) while CPU hogs (default 2, one per core of the
# project's machines) compete for the processors, and prints one line per run: start, duration, result, and the
# failing tests if any. For RELIABILITY.md's "green every time" record:
#
#   reliability/under-load.sh [runs] [hogs]
#
# Run it from a clean clone (it runs `mvn -B verify` in the checkout it lives in); logs go to target/under-load/.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
hogs=${2:-2}
logs=target/under-load
mkdir -p "$logs"

pids=()
stop_hogs() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; }
trap stop_hogs EXIT
for _ in $(seq "$hogs"); do
  yes >/dev/null &
  pids+=($!)
done

echo "# $(nproc) cores, $hogs CPU hogs, commit $(git rev-parse --short HEAD)"
failed=0
for i in $(seq "$runs"); do
  start=$(date -u +%H:%M:%S)
  t0=$(date +%s)
  mvn -B verify >"$logs/run-$i.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - t0 ))
  tests=$(grep -h "Tests run:" "$logs/run-$i.log" | grep -v " -- in " \
    | sed -E 's/.*Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/' \
    | awk '{t+=$1; f+=$2+$3} END {print t" tests, "f" failed or errored"}')
  if [ "$rc" -eq 0 ]; then verdict=pass; else verdict="FAIL (exit $rc)"; failed=$((failed + 1)); fi
  echo "run $i: start $start UTC, $((secs / 60)) min $((secs % 60)) s, $verdict, $tests"
  if [ "$rc" -ne 0 ]; then
    grep -h "<<< FAIL\|\[ERROR\]   \|Tests in error" "$logs/run-$i.log" | head -10 | sed 's/^/    /'
  fi
done
exit "$failed"
