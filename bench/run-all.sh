#!/usr/bin/env bash
# Every benchmark, one after another, with the machine described first. Installs what the peers
# need when it is missing (as root: wrk, libvips-tools, imagemagick, libjxl-tools, orthanc from Debian; ipx from
# npm into ~/.cache/helium-bench/ipx). Uses radosgw like the tests, on the same ports: stop the
# tests' one first (tests/radosgw/stop.sh). Results: bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/debian/ensure-packages.sh wrk libvips-tools imagemagick libjxl-tools orthanc
ipx_dir=${BENCH_IPX_DIR:-$HOME/.cache/helium-bench/ipx}
if [ ! -x "$ipx_dir/node_modules/.bin/ipx" ]; then
  mkdir -p "$ipx_dir"
  (cd "$ipx_dir" && npm install --no-audit --no-fund --silent ipx@3)
fi

echo "machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(. /etc/os-release && echo "$PRETTY_NAME"); .NET $(dotnet --version)"
for bench in passthrough cache-hits transforms peers jpeg-decode loaders documents fairness soak; do
  echo
  echo "== bench/$bench.sh"
  bash "bench/$bench.sh"
done
