#!/usr/bin/env bash
# The test command: installs missing system packages, then runs every test not marked
# [Trait("Category","Slow")] and ends with a one-line summary ("N passed, N failed").
set -uo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh
log=$(mktemp)
dotnet test SharpAlign.sln -c Release --filter "Category!=Slow" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$status"
