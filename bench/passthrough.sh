#!/usr/bin/env bash
# Pass-through benchmark: one large private object read directly from radosgw and through the server
# (a real process), in the same run. Prints throughput, time to first byte, their ratio, the server's
# CPU time per GiB passed through (user + system, from /proc), and its resident memory before and at
# its peak (VmHWM). Starts and stops its own radosgw. BENCH_SERVER_SETTINGS (VAR=VALUE …) are passed
# to the server, to compare a setting with the default in two runs.
#
#   BENCH_SIZE_MIB  object size (default 1024)     BENCH_RUNS  reads of each kind (default 3)
#   BENCH_PORT      server port (default 18080)
source "$(dirname "$0")/common.sh"

size_mib=${BENCH_SIZE_MIB:-1024}
runs=${BENCH_RUNS:-3}
port=${BENCH_PORT:-18080}

bench_start_store
echo "bench: ${size_mib} MiB object, ${runs} reads each way; $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$bench_work/object.bin"
expected=$(sha256sum "$bench_work/object.bin" | cut -d' ' -f1)
s3 -X PUT "$HELIUM_TEST_S3_URL/bench"
s3 -T "$bench_work/object.bin" "$HELIUM_TEST_S3_URL/bench/large.bin"
rm "$bench_work/object.bin"

# shellcheck disable=SC2086
bench_start_server "$port" Buckets__Allowed=bench Cache__Bucket=bench ${BENCH_SERVER_SETTINGS:-}
curl -sS --fail -o /dev/null "http://127.0.0.1:$port/readyz"
rss() { awk -v k="$1:" '$1 == k {print int($2 / 1024)}' "/proc/$server_pid/status"; }
baseline_rss=$(rss VmRSS)

measure() { # label, then a command; one "ttfb_seconds mib_per_second" line per run
  for _ in $(seq 1 "$runs"); do
    "${@:2}" -w '%{time_starttransfer} %{speed_download}\n' | awk '{printf "%.4f %.1f\n", $1, $2 / 1048576}'
  done > "$bench_work/$1"
}
measure direct s3 "$HELIUM_TEST_S3_URL/bench/large.bin"
cpu() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
cpu_before=$(cpu)
measure server curl -sS --fail -o /dev/null "http://127.0.0.1:$port/bench/large.bin"
cpu_ticks=$(($(cpu) - cpu_before))
actual=$(curl -sS --fail "http://127.0.0.1:$port/bench/large.bin" | sha256sum | cut -d' ' -f1)
peak_rss=$(rss VmHWM)

direct_mibs=$(cut -d' ' -f2 "$bench_work/direct" | median); server_mibs=$(cut -d' ' -f2 "$bench_work/server" | median)
direct_ttfb=$(cut -d' ' -f1 "$bench_work/direct" | median); server_ttfb=$(cut -d' ' -f1 "$bench_work/server" | median)

calc() { awk "BEGIN {print $1}"; }
printf '%-28s %12s %12s %8s\n' "" "radosgw" "server" "ratio"
printf '%-28s %12.1f %12.1f %8.2f\n' "throughput (MiB/s, median)" "$direct_mibs" "$server_mibs" "$(calc "$server_mibs / $direct_mibs")"
printf '%-28s %12.2f %12.2f %8.2f\n' "time to first byte (ms)" "$(calc "$direct_ttfb * 1000")" "$(calc "$server_ttfb * 1000")" "$(calc "$server_ttfb / $direct_ttfb")"
printf 'server CPU: %.2f s per GiB passed through (user + system)\n' "$(calc "$cpu_ticks / $(getconf CLK_TCK) / ($runs * $size_mib / 1024)")"
echo "server RSS: ${baseline_rss} MiB after start, ${peak_rss} MiB at peak (VmHWM)"
if [ "$actual" = "$expected" ]; then echo "sha256 through the server matches"; else echo "sha256 MISMATCH" >&2; exit 1; fi
