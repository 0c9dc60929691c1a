#!/usr/bin/env bash
# Where reading a DICOM object by range starts to pay (Limits:RangedReadAbove): native multi-frame
# objects of 512 x 512 x 16-bit frames from 1 to 64 MiB in radosgw, the middle frame at 190 px, each a
# cold render (a new rendition), by two servers on the same store: one that reads every source whole
# (the baseline) and one that reads every DICOM object by range. Median of 15 per size; ratio is
# ranged / whole (below 1: range reads are faster).
# BENCH_PORT (default 18084; the second server on the next port)
source "$(dirname "$0")/common.sh"

port=${BENCH_PORT:-18084}
sizes=(2 4 8 16 32 64 128) # frames of 512 KiB: 1 to 64 MiB
mkdir -p "$bench_work/made"
bench_start_store
s3 -X PUT "$HELIUM_TEST_S3_URL/docs"
s3 -X PUT "$HELIUM_TEST_S3_URL/cache-whole"
s3 -X PUT "$HELIUM_TEST_S3_URL/cache-ranged"
for frames in "${sizes[@]}"; do
  python3 bench/dicom-samples.py native-frames 512 512 "$frames" "$bench_work/made/native-$frames.dcm"
  for i in $(seq 0 17); do s3 -T "$bench_work/made/native-$frames.dcm" "$HELIUM_TEST_S3_URL/docs/$i-native-$frames.dcm"; done
done

bench_start_server "$port" Buckets__Allowed=docs Cache__Bucket=cache-whole Limits__RangedReadAbove=9223372036854775807 Limits__MaxSourceBytes=1073741824
whole_pid=$server_pid
extra_pids+=("$whole_pid")
bench_start_server "$((port + 1))" Buckets__Allowed=docs Cache__Bucket=cache-ranged Limits__RangedReadAbove=0
get() { curl -sS --fail -o /dev/null -w '%{time_total}\n' "$@"; }
ms() { awk '{printf "%.1f", $1 * 1000}'; }

echo "ranged-threshold: $(nproc) cores; middle frame of native 512 x 512 x 16-bit objects at 190 px, cold, median of 15 (ms)"
printf '%-10s %8s %10s %10s %8s\n' "MiB" "frames" "whole" "ranged" "ratio"
for frames in "${sizes[@]}"; do
  name=native-$frames.dcm middle=$(((frames + 1) / 2))
  for i in 15 16 17; do # warm-up, both servers
    get "http://127.0.0.1:$port/docs/$i-$name?frame=$middle&w=190" >/dev/null
    get "http://127.0.0.1:$((port + 1))/docs/$i-$name?frame=$middle&w=190" >/dev/null
  done
  : > "$bench_work/whole" && : > "$bench_work/ranged"
  for i in $(seq 0 14); do # alternating, each copy new to both servers
    get "http://127.0.0.1:$port/docs/$i-$name?frame=$middle&w=190" >> "$bench_work/whole"
    get "http://127.0.0.1:$((port + 1))/docs/$i-$name?frame=$middle&w=190" >> "$bench_work/ranged"
  done
  whole=$(median < "$bench_work/whole") ranged=$(median < "$bench_work/ranged")
  printf '%-10s %8s %10s %10s %8.2f\n' "$((frames / 2))" "$frames" "$(echo "$whole" | ms)" "$(echo "$ranged" | ms)" "$(awk -v a="$ranged" -v b="$whole" 'BEGIN {print a / b}')"
done
