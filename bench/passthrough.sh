#!/usr/bin/env bash
# Pass-through benchmark: one large private object read directly from radosgw and through the server
# (a real process), in the same run. Prints throughput, time to first byte, their ratio, and the
# server's resident memory before and at its peak (VmHWM). Starts and stops its own radosgw.
#
#   BENCH_SIZE_MIB  object size (default 256)     BENCH_RUNS  reads of each kind (default 3)
#   BENCH_PORT      server port (default 18080)
set -euo pipefail
cd "$(dirname "$0")/.."

size_mib=${BENCH_SIZE_MIB:-256}
runs=${BENCH_RUNS:-3}
port=${BENCH_PORT:-18080}
export RGW_DIR=${RGW_DIR:-/tmp/helium-bench-rgw}
work=$(mktemp -d)
server_pid=""

cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  tests/radosgw/stop.sh
  rm -rf "$work"
}
trap cleanup EXIT

tests/radosgw/start.sh 2>/dev/null
# shellcheck disable=SC1091
source "$RGW_DIR/env"
s3() { curl -sS --fail --aws-sigv4 "aws:amz:us-east-1:s3" --user "$HELIUM_TEST_S3_ACCESS_KEY:$HELIUM_TEST_S3_SECRET_KEY" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }

echo "bench: ${size_mib} MiB object, ${runs} reads each way; $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/object.bin"
expected=$(sha256sum "$work/object.bin" | cut -d' ' -f1)
s3 -X PUT "$HELIUM_TEST_S3_URL/bench" -o /dev/null
s3 -T "$work/object.bin" "$HELIUM_TEST_S3_URL/bench/large.bin" -o /dev/null
rm "$work/object.bin"

dotnet build src/Helium.Imager -c Release -v quiet -nologo >/dev/null
Store__Kind=S3 S3__ServiceUrl="$HELIUM_TEST_S3_URL" S3__AccessKey="$HELIUM_TEST_S3_ACCESS_KEY" S3__SecretKey="$HELIUM_TEST_S3_SECRET_KEY" \
  Buckets__Allowed=bench Logging__LogLevel__Default=Warning \
  dotnet src/Helium.Imager/bin/Release/net10.0/Helium.Imager.dll --urls "http://127.0.0.1:$port" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
curl -sS --fail -o /dev/null "http://127.0.0.1:$port/readyz"
rss() { awk -v k="$1:" '$1 == k {print int($2 / 1024)}' "/proc/$server_pid/status"; }
baseline_rss=$(rss VmRSS)

measure() { # label, then curl arguments; prints "ttfb_seconds mib_per_second" per run
  for _ in $(seq 1 "$runs"); do
    "${@:2}" -o /dev/null -w '%{time_starttransfer} %{speed_download}\n' | awk '{printf "%.4f %.1f\n", $1, $2 / 1048576}'
  done > "$work/$1"
}
measure direct s3 "$HELIUM_TEST_S3_URL/bench/large.bin"
measure server curl -sS --fail "http://127.0.0.1:$port/bench/large.bin"
actual=$(curl -sS --fail "http://127.0.0.1:$port/bench/large.bin" | sha256sum | cut -d' ' -f1)
peak_rss=$(rss VmHWM)

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
direct_mibs=$(cut -d' ' -f2 "$work/direct" | median); server_mibs=$(cut -d' ' -f2 "$work/server" | median)
direct_ttfb=$(cut -d' ' -f1 "$work/direct" | median); server_ttfb=$(cut -d' ' -f1 "$work/server" | median)

printf '%-28s %12s %12s %8s\n' "" "radosgw" "server" "ratio"
calc() { awk "BEGIN {print $1}"; }
printf '%-28s %12.1f %12.1f %8.2f\n' "throughput (MiB/s, median)" "$direct_mibs" "$server_mibs" "$(calc "$server_mibs / $direct_mibs")"
printf '%-28s %12.2f %12.2f %8.2f\n' "time to first byte (ms)" "$(calc "$direct_ttfb * 1000")" "$(calc "$server_ttfb * 1000")" "$(calc "$server_ttfb / $direct_ttfb")"
echo "server RSS: ${baseline_rss} MiB after start, ${peak_rss} MiB at peak (VmHWM)"
if [ "$actual" = "$expected" ]; then echo "sha256 through the server matches"; else echo "sha256 MISMATCH" >&2; exit 1; fi
