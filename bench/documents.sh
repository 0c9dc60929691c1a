#!/usr/bin/env bash
# Cold 190x190 thumbnails of documents and medical images, each a cache miss (20 distinct copies per
# file), against radosgw with a real server process: pdflatex-4-pages.pdf page 1, CT_small.dcm and
# JPEG2000.dcm; pass-through of the same file in the same run as the baseline; for the DICOM files
# also Orthanc's /instances/{id}/rendered (Debian `orthanc`, started here on 127.0.0.1) on the same
# file, at the same size. Large DICOM made here (bench/dicom-samples.py, ImageMagick's plasma): a
# 2670 x 3340 JPEG 2000 CR (goal ≤ 150 ms) and a 1976 x 1576 uncompressed 12-bit CR with a Modality
# LUT Sequence (goal ≤ 40 ms); CT_small's goal is ≤ 12 ms. Then page 1 and page 40 of a 52-page PDF
# (pdflatex-4-pages.pdf thirteen times, joined with `mutool merge`): a page deep in a document should
# cost what the first does.
# BENCH_PORT (default 18082; Orthanc on the next port)
source "$(dirname "$0")/common.sh"

port=${BENCH_PORT:-18082}
files=(pdf/pdflatex-4-pages.pdf dicom/CT_small.dcm dicom/JPEG2000.dcm)
mkdir -p "$bench_work/made"
python3 bench/dicom-samples.py j2k 2670 3340 "$bench_work/made/j2k-9mp.dcm"
python3 bench/dicom-samples.py cr 1976 1576 "$bench_work/made/cr-3mp-lut.dcm"
files+=("$bench_work/made/j2k-9mp.dcm" "$bench_work/made/cr-3mp-lut.dcm")
path_of() { [[ $1 == /* ]] && echo "$1" || echo "tests/fixtures/$1"; }

bench_start_store
s3 -X PUT "$HELIUM_TEST_S3_URL/docs"
s3 -X PUT "$HELIUM_TEST_S3_URL/cache"
for file in "${files[@]}"; do
  name=$(basename "$file")
  for i in $(seq 0 22); do s3 -T "$(path_of "$file")" "$HELIUM_TEST_S3_URL/docs/$i-$name"; done
done
mutool merge -o "$bench_work/long.pdf" $(for _ in $(seq 1 13); do echo tests/fixtures/pdf/pdflatex-4-pages.pdf; done)
for i in $(seq 0 45); do s3 -T "$bench_work/long.pdf" "$HELIUM_TEST_S3_URL/docs/$i-long.pdf"; done
# Bucket events for the last large object only (this script delivers its one event itself).
events_token=bench-events-token-0123456789
bench_start_server "$port" Buckets__Allowed=docs Cache__Bucket=cache Events__Token=$events_token Presets__small=w=64 \
  Warm__Rules__arrived__Bucket=docs Warm__Rules__arrived__Prefix=arrived- Warm__Rules__arrived__Presets__0=small

orthanc_port=$((port + 1))
orthanc=$(command -v Orthanc || echo /usr/sbin/Orthanc)
if [ -x "$orthanc" ]; then
  mkdir -p "$bench_work/orthanc"
  cat > "$bench_work/orthanc.json" <<JSON
{ "Name": "bench", "StorageDirectory": "$bench_work/orthanc", "IndexDirectory": "$bench_work/orthanc",
  "HttpPort": $orthanc_port, "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
  "DicomServerEnabled": false, "Plugins": [] }
JSON
  "$orthanc" "$bench_work/orthanc.json" > "$bench_work/orthanc.log" 2>&1 &
  extra_pids+=($!)
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$orthanc_port/system" && break; sleep 0.1; done
fi
base="http://127.0.0.1:$port/docs"
get() { curl -sS --fail -o /dev/null -w '%{time_total}\n' "$@"; }
ms() { awk '{printf "%.1f", $1 * 1000}'; }

echo "documents: $(nproc) cores; cold 190x190 thumbnails, median of 20 cache misses (ms); Orthanc: median of 20 renders of the stored instance"
printf '%-28s %12s %14s %8s %10s %10s\n' "source" "thumbnail" "pass-through" "ratio" "orthanc" "/orthanc"
for file in "${files[@]}"; do
  name=$(basename "$file")
  for i in 20 21 22; do get "$base/$i-$name?thumbnail=190x190" >/dev/null; done # warm-up
  cold=$(for i in $(seq 0 19); do get "$base/$i-$name?thumbnail=190x190"; done | median)
  pass=$(for i in $(seq 0 19); do get "$base/$i-$name"; done | median)
  orthanc_ms="-"; versus="-"
  if [[ $name == *.dcm ]] && [ -x "$orthanc" ]; then
    id=$(curl -sS -X POST --data-binary "@$(path_of "$file")" "http://127.0.0.1:$orthanc_port/instances" | sed -n 's/.*"ID" *: *"\([^"]*\)".*/\1/p')
    url="http://127.0.0.1:$orthanc_port/instances/$id/rendered?width=190&height=190"
    if [ -z "$id" ]; then
      orthanc_ms="refused"
    elif [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Accept: image/jpeg" "$url")" != 200 ]; then
      orthanc_ms="fails"
    else
      for _ in 1 2 3; do get -H "Accept: image/jpeg" "$url" >/dev/null; done
      rendered=$(for _ in $(seq 1 20); do get -H "Accept: image/jpeg" "$url"; done | median)
      orthanc_ms=$(echo "$rendered" | ms)
      versus=$(awk -v a="$cold" -v b="$rendered" 'BEGIN {printf "%.2f", b / a}')
    fi
  fi
  printf '%-28s %12s %14s %8.1f %10s %10s\n' "$name" "$(echo "$cold" | ms)" "$(echo "$pass" | ms)" "$(awk -v a="$cold" -v b="$pass" 'BEGIN {print a / b}')" "$orthanc_ms" "$versus"
done
echo "/orthanc: Orthanc's time divided by ours (above 1: Helium Imager is faster). Orthanc renders an"
echo "instance it has already parsed and stored; Helium Imager reads each copy from radosgw and decodes it."

for i in 40 41 42; do get "$base/$i-long.pdf?thumbnail=190x190&page=40" >/dev/null; done # warm-up
first=$(for i in $(seq 0 19); do get "$base/$i-long.pdf?thumbnail=190x190"; done | median)
fortieth=$(for i in $(seq 20 39); do get "$base/$i-long.pdf?thumbnail=190x190&page=40"; done | median)
printf '%-40s %8s ms\n' "52-page PDF, page 1, median of 20" "$(echo "$first" | ms)"
printf '%-40s %8s ms\n' "52-page PDF, page 40, median of 20" "$(echo "$fortieth" | ms)"
printf '%-40s %8.2f\n' "ratio page 40 / page 1" "$(awk -v a="$fortieth" -v b="$first" 'BEGIN {print a / b}')"

# Large multi-frame objects, read by range (above Limits:RangedReadAbove; the native one is also above
# the default Limits:MaxSourceBytes, so it could not be rendered whole): 600 native frames of 512 x 512
# (12 bits, 300 MB) and 300 JPEG baseline frames of 1024 x 1024, with and without a Basic Offset
# Table. One copy each; the middle frame at 20 sizes (each a cold render: a new rendition, the source
# read again), ?info=true once (cold: the object never described before, the path warm on another
# copy); bytes read from the store per frame by helium_store_bytes_read_total. Last, the object without
# a table once more, announced by a bucket event (as radosgw or MinIO would send it) and its frames
# located in the background before the first request.
python3 bench/dicom-samples.py native-frames 512 512 600 "$bench_work/made/native-600.dcm"
python3 bench/dicom-samples.py jpeg-frames 1024 1024 300 "$bench_work/made/jpeg-300-table.dcm" bot
python3 bench/dicom-samples.py jpeg-frames 1024 1024 300 "$bench_work/made/jpeg-300-no-table.dcm" none
source_read() { curl -s "http://127.0.0.1:$port/metrics" | awk '/^helium_store_bytes_read_total\{purpose="source"\}/ {print $2}'; }
get "$base/22-CT_small.dcm?info=true" >/dev/null # warm-up of the description path
# ... and of the description and frame of an object read by range, on a copy no row below uses
s3 -T "$bench_work/made/native-600.dcm" "$HELIUM_TEST_S3_URL/docs/large-warm-up.dcm"
get "$base/large-warm-up.dcm?info=true" >/dev/null
get "$base/large-warm-up.dcm?frame=2&w=64" >/dev/null
echo "large objects by range: the middle frame first (nothing known of the object), then the median of 20"
echo "cold renders at 190..209 px (each a new rendition; a walk of item headers is remembered); info=true once"
printf '%-28s %10s %10s %10s %14s %10s\n' "source" "MB" "first ms" "frame ms" "KiB read" "info ms"
large_row() { # label key file frame
  first=$(get "$base/$2?frame=$4&w=189")
  before=$(source_read)
  cold=$(for w in $(seq 190 209); do get "$base/$2?frame=$4&w=$w"; done | median)
  read_kib=$(awk -v a="$before" -v b="$(source_read)" 'BEGIN {printf "%.0f", (b - a) / 20 / 1024}')
  info=$(get "$base/$2?info=true")
  printf '%-28s %10.0f %10s %10s %14s %10s\n' "$1" "$(stat -c %s "$3" | awk '{print $1 / 1e6}')" "$(echo "$first" | ms)" "$(echo "$cold" | ms)" "$read_kib" "$(echo "$info" | ms)"
}
for made in native-600.dcm:300 jpeg-300-table.dcm:150 jpeg-300-no-table.dcm:150; do
  name=${made%%:*} frame=${made##*:}
  s3 -T "$bench_work/made/$name" "$HELIUM_TEST_S3_URL/docs/large-$name"
  get "$base/large-$name?frame=1&w=64" >/dev/null # warm-up (another frame and size)
  large_row "$name" "large-$name" "$bench_work/made/$name" "$frame"
done
warm() { curl -s "http://127.0.0.1:$port/metrics" | awk -v o="$1" '$1 == "helium_warm_renders_total{outcome=\"" o "\"}" {print $2}'; }
made="$bench_work/made/jpeg-300-no-table.dcm"
s3 -T "$made" "$HELIUM_TEST_S3_URL/docs/arrived-jpeg-300-no-table.dcm"
delivered=$(date +%s%N)
curl -sS --fail -o /dev/null -H "Content-Type: application/json" "http://127.0.0.1:$port/_events/s3?token=$events_token" \
  --data "{\"Records\":[{\"eventVersion\":\"2.2\",\"eventSource\":\"ceph:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"docs\"},\"object\":{\"key\":\"arrived-jpeg-300-no-table.dcm\",\"size\":$(stat -c %s "$made")}}}]}"
# Located first, then its preset rendered (one worker, in that order): the request below is alone.
for _ in $(seq 1 600); do [ "$(warm rendered)" = 1 ] && break; sleep 0.05; done
[ "$(warm indexed)" = 1 ] || { echo "the event's object was not indexed within 30 s" >&2; exit 1; }
located_ms=$(( ($(date +%s%N) - delivered) / 1000000 ))
large_row "the same, event first" "arrived-jpeg-300-no-table.dcm" "$made" 150
echo "(the event's object: frames located and its preset rendered in the background $located_ms ms after the delivery)"
