#!/usr/bin/env bash
# Reads the TRX files of a test run in FOLDER: prints one closing line "tests: N passed, N failed"
# and, when some failed, runs those tests again (no build) with their console output, which holds
# the log lines of the servers they started. Exits 1 when a test failed or none ran.
set -euo pipefail
folder="$1"
cd "$(dirname "$0")/.."

passed=0
failed=0
names=()
for trx in "$folder"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
  # The failed results' test names, without a theory's arguments (the filter takes the method).
  while read -r name; do
    names+=("${name%%(*}")
  done < <(grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" | sed -E 's/.* testName="([^"]*)".*/\1/')
done

if [ ${#names[@]} -gt 0 ]; then
  mapfile -t unique < <(printf '%s\n' "${names[@]}" | sort -u | head -20)
  filter="$(printf 'FullyQualifiedName=%s|' "${unique[@]}")"
  echo
  echo "summarize-results.sh: the failed tests again, with their output and their servers' logs:"
  dotnet test Helium.Imager.sln -c Release --no-build --filter "${filter%|}" --logger "console;verbosity=normal" || true
fi

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
