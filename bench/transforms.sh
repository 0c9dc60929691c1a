#!/usr/bin/env bash
# Transform benchmark against radosgw with a real server process, baselines measured in the same run:
#   cold 190x190 thumbnails of fixtures/raster/2569067123_aca715a2ee_o.jpg (each a cache miss: a
#   distinct copy of the photo), vs. passing the same photo through unchanged;
#   cache-hit latency (median, p99) of that thumbnail;
#   720px-wide renditions on cache misses at concurrency 1 and 2 (renders per second).
# Starts and stops its own radosgw.   BENCH_PORT (default 18081)
source "$(dirname "$0")/common.sh"

port=${BENCH_PORT:-18081}
photo=tests/fixtures/raster/2569067123_aca715a2ee_o.jpg

bench_start_store
s3 -X PUT "$HELIUM_TEST_S3_URL/src"
s3 -X PUT "$HELIUM_TEST_S3_URL/cache"
for i in $(seq 0 70); do s3 -T "$photo" "$HELIUM_TEST_S3_URL/src/photo-$i.jpg"; done
# "2 clients" stands for two users; from one address they would share one client's half of the
# render slots (Limits:PerClientRenders).
bench_start_server "$port" Buckets__Allowed=src Cache__Bucket=cache Limits__PerClientRenders=2
base="http://127.0.0.1:$port/src"
get() { curl -sS --fail -o /dev/null -w '%{time_total}\n' "$@"; }

# Warm-up (JIT, connection pools) on copies the measurements do not use.
for i in 61 62 63; do get "$base/photo-$i.jpg?thumbnail=190x190" >/dev/null; get "$base/photo-$i.jpg" >/dev/null; get "$base/photo-$i.jpg?w=720" >/dev/null; done

ms() { awk '{printf "%.1f", $1 * 1000}'; }
rss_log=()
rss_after() { rss_log+=("$1 $(awk '$1 == "VmRSS:" {print int($2 / 1024)}' "/proc/$server_pid/status")"); }
rss_after "start and warm-up"

for i in $(seq 0 19); do get "$base/photo-$i.jpg?thumbnail=190x190"; done > "$bench_work/cold"
rss_after "20 cold thumbnails"
for i in $(seq 0 19); do get "$base/photo-$i.jpg"; done > "$bench_work/passthrough"
rss_after "20 pass-throughs"
for _ in $(seq 1 200); do get "$base/photo-0.jpg?thumbnail=190x190"; done > "$bench_work/hit"
rss_after "200 cache hits"
cold=$(median < "$bench_work/cold"); pass=$(median < "$bench_work/passthrough"); hit=$(median < "$bench_work/hit")

start=$(date +%s.%N)
for i in $(seq 20 39); do get "$base/photo-$i.jpg?w=720" >/dev/null; done
c1=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {print 20 / (e - s)}')
rss_after "20 720w misses, 1 client"
start=$(date +%s.%N)
(for i in $(seq 40 49); do get "$base/photo-$i.jpg?w=720" >/dev/null; done) &
client_a=$!
(for i in $(seq 50 59); do get "$base/photo-$i.jpg?w=720" >/dev/null; done) &
client_b=$!
wait "$client_a" "$client_b"
c2=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {print 20 / (e - s)}')
rss_after "20 720w misses, 2 clients"

echo "transforms: $(nproc) cores; source 2725x2225 JPEG, $(stat -c %s "$photo") bytes"
printf '%-52s %10s\n' "cold 190x190 thumbnail, median of 20 (ms)" "$(echo "$cold" | ms)"
printf '%-52s %10s\n' "pass-through of the same photo, median of 20 (ms)" "$(echo "$pass" | ms)"
printf '%-52s %10.2f\n' "ratio cold thumbnail / pass-through" "$(awk -v a="$cold" -v b="$pass" 'BEGIN {print a / b}')"
printf '%-52s %10s\n' "cache hit, median of 200 (ms)" "$(echo "$hit" | ms)"
printf '%-52s %10s\n' "cache hit, p99 of 200 (ms)" "$(p99 < "$bench_work/hit" | ms)"
printf '%-52s %10.2f\n' "ratio cache hit / pass-through" "$(awk -v a="$hit" -v b="$pass" 'BEGIN {print a / b}')"
printf '%-52s %10.1f\n' "720w misses/s, 1 client" "$c1"
printf '%-52s %10.1f\n' "720w misses/s, 2 clients" "$c2"
printf '%-52s %10.2f\n' "ratio 2 clients / 1 client" "$(awk -v a="$c2" -v b="$c1" 'BEGIN {print a / b}')"
echo "server peak RSS (VmHWM): $(awk '$1 == "VmHWM:" {print int($2 / 1024)}' "/proc/$server_pid/status") MiB"
echo "server RSS (MiB) after each step: $(printf '%s; ' "${rss_log[@]}")"
