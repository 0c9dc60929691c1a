#!/usr/bin/env bash
# The soak of issue 14: the real server on radosgw under mixed traffic at its capacity (pass-through,
# hits, misses of every kind of source, damaged files, bad requests; 12 clients) for ten minutes, then
# its resident memory, descriptors, temporary files and child processes against a baseline taken after
# a warm-up. It is the test suite's SoakTests (30 s in CI), run longer.
#   BENCH_SOAK_SECONDS (default 600)
source "$(dirname "$0")/common.sh"

bench_start_store
export HELIUM_SOAK_SECONDS=${BENCH_SOAK_SECONDS:-600}
dotnet build tests/Helium.Imager.IntegrationTests -c Release -v quiet -nologo >/dev/null
dotnet test tests/Helium.Imager.IntegrationTests -c Release --no-build --filter "FullyQualifiedName~SoakTests" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "^\s*(soak|before|after)|Passed!|Failed!|Assert" | sed 's/^ *//'
