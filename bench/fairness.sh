#!/usr/bin/env bash
# One client floods, another asks for a thumbnail (issue 16's scenario), against radosgw with a real
# server process, 2 render slots and a queue of 64: the flooder, connecting from 127.0.0.2, sends 150
# distinct wide renders (2000-2149 px, decoded at full resolution) of a 2670 x 3340 JPEG 2000 CR (bench/dicom-samples.py) at once;
# half a second later the other client, from 127.0.0.1, asks for 5 new 130-px thumbnails of a small
# JPEG, one after another. Run twice in the same benchmark: with the fair share (the defaults: a
# client holds 1 slot and 16 queue places) and, as the baseline, without it (a client may hold every
# slot and queue place, as before).
# BENCH_PORT (default 18086)
source "$(dirname "$0")/common.sh"

port=${BENCH_PORT:-18086}
mkdir -p "$bench_work/made"
python3 bench/dicom-samples.py j2k 2670 3340 "$bench_work/made/j2k-9mp.dcm"
bench_start_store
s3 -X PUT "$HELIUM_TEST_S3_URL/scans"
s3 -X PUT "$HELIUM_TEST_S3_URL/cache"
s3 -T "$bench_work/made/j2k-9mp.dcm" "$HELIUM_TEST_S3_URL/scans/cr.dcm"
s3 -T tests/fixtures/raster/Landscape_1.jpg "$HELIUM_TEST_S3_URL/scans/small.jpg"

run() { # LABEL VAR=VALUE…: one flood and the other client's requests, then the server stops
  local label=$1 round=$2
  shift 2
  bench_start_server "$port" Buckets__Allowed=scans Cache__Bucket=cache Cache__MemoryBytes=0 \
    Limits__MaxConcurrentTransforms=2 Limits__QueueLength=64 Logging__LogLevel__Helium.Imager.Diagnostics.RequestTelemetry=Information "$@"
  local base="http://127.0.0.1:$port/scans"
  curl -sS -o /dev/null "$base/small.jpg?thumbnail=64x64" # warm-up: decoders loaded
  # Wide outputs: the decoder cannot take a reduced resolution level, every render decodes 9 MP.
  seq 2000 2149 | xargs -P 150 -I{} curl -s --interface 127.0.0.2 -o /dev/null -w '%{http_code} %{time_total}\n' \
    "$base/cr.dcm?w={}&quality=$((70 + round))" > "$bench_work/flood" &
  local flood=$!
  sleep 0.5
  : > "$bench_work/other"
  for i in 0 1 2 3 4; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$base/small.jpg?thumbnail=$((130 + round * 10 + i))x130" >> "$bench_work/other"
  done
  wait "$flood"
  kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  server_pid=""
  printf '%-34s flooder: %-34s other: %s\n' "$label" \
    "$(awk '{n[$1]++} END {for (s in n) printf "%d x %s, ", n[s], s}' "$bench_work/flood" | sed 's/, $//')" \
    "$(awk '{printf "%s%s %.0f ms", (NR > 1 ? ", " : ""), $1, $2 * 1000}' "$bench_work/other")"
  printf '%-34s server-side: %s\n' "" "$(grep -o 'thumbnail=[0-9x]* -> [0-9]* in [0-9.]* ms' "$bench_work/server.log" | sed 's/thumbnail=[0-9x]* -> //' | paste -sd, | sed 's/,/, /g')"
  awk '{print $2}' "$bench_work/other" | sort -n | tail -1 > "$bench_work/worst-$round"
}

echo "fairness: $(nproc) cores; 150 distinct renders of a 9 MP JPEG 2000 CR from one client, 5 new 130-px thumbnails from another"
run "fair share (defaults: 1 slot, 16 queued)" 1
run "baseline: no fair share (2 slots, 64)" 2 Limits__PerClientRenders=2 Limits__PerClientQueue=64
printf "other client's slowest answer: fair share %.0f ms, baseline %.0f ms (baseline / fair share: %.1f)\n" \
  "$(awk '{print $1 * 1000}' "$bench_work/worst-1")" "$(awk '{print $1 * 1000}' "$bench_work/worst-2")" \
  "$(awk -v a="$(cat "$bench_work/worst-1")" -v b="$(cat "$bench_work/worst-2")" 'BEGIN {print b / a}')"
