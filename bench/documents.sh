#!/usr/bin/env bash
# Cold 190x190 thumbnails of documents and medical images, each a cache miss (20 distinct copies per
# file), against radosgw with a real server process: pdflatex-4-pages.pdf page 1, CT_small.dcm and
# JPEG2000.dcm; pass-through of the same file in the same run as the baseline. BENCH_PORT (default 18082)
source "$(dirname "$0")/common.sh"

port=${BENCH_PORT:-18082}
files=(pdf/pdflatex-4-pages.pdf dicom/CT_small.dcm dicom/JPEG2000.dcm)

bench_start_store
s3 -X PUT "$HELIUM_TEST_S3_URL/docs"
s3 -X PUT "$HELIUM_TEST_S3_URL/cache"
for file in "${files[@]}"; do
  name=$(basename "$file")
  for i in $(seq 0 22); do s3 -T "tests/fixtures/$file" "$HELIUM_TEST_S3_URL/docs/$i-$name"; done
done
bench_start_server "$port" Buckets__Allowed=docs Cache__Bucket=cache
base="http://127.0.0.1:$port/docs"
get() { curl -sS --fail -o /dev/null -w '%{time_total}\n' "$@"; }
ms() { awk '{printf "%.1f", $1 * 1000}'; }

echo "documents: $(nproc) cores; cold 190x190 thumbnails, median of 20 cache misses (ms)"
printf '%-28s %12s %14s %8s\n' "source" "thumbnail" "pass-through" "ratio"
for file in "${files[@]}"; do
  name=$(basename "$file")
  for i in 20 21 22; do get "$base/$i-$name?thumbnail=190x190" >/dev/null; done # warm-up
  cold=$(for i in $(seq 0 19); do get "$base/$i-$name?thumbnail=190x190"; done | median)
  pass=$(for i in $(seq 0 19); do get "$base/$i-$name"; done | median)
  printf '%-28s %12s %14s %8.1f\n' "$name" "$(echo "$cold" | ms)" "$(echo "$pass" | ms)" "$(awk -v a="$cold" -v b="$pass" 'BEGIN {print a / b}')"
done
