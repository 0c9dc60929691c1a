#!/usr/bin/env bash
# Cache hits under load: requests/s and latency (p50, p99) of a cached 190x190 thumbnail, from the
# server's memory and from the cache bucket (a second server with Cache:MemoryBytes=0, as another
# instance of a fleet would read it), against passing through an object of exactly the same bytes,
# measured with wrk in the same run; radosgw as the store (Cache:SourceRecheck at its default, so a
# bucket hit costs one GET of the rendition). wrk shares the machine's cores with the server and radosgw.
# Bucket hit and pass-through make the same store request, so what tells them apart is smaller than
# this machine's drift from one run to the next (±15 %): they are measured on the same server in
# alternating rounds, and compared on their totals over all rounds.
#   BENCH_SECONDS per run (default 10)   BENCH_CONNECTIONS (default 16)   BENCH_PORT (default 18085)
#   BENCH_ROUNDS of pass-through then bucket hit (default 3)
source "$(dirname "$0")/common.sh"

seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-16}
port=${BENCH_PORT:-18085}
rounds=${BENCH_ROUNDS:-3}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

bench_start_store
s3 -X PUT "$HELIUM_TEST_S3_URL/src"
s3 -X PUT "$HELIUM_TEST_S3_URL/cache"
s3 -T tests/fixtures/raster/2569067123_aca715a2ee_o.jpg "$HELIUM_TEST_S3_URL/src/photo.jpg"
bench_start_server "$port" Buckets__Allowed=src Cache__Bucket=cache
base="http://127.0.0.1:$port/src"
curl -sS --fail -o "$bench_work/thumb.jpg" "$base/photo.jpg?thumbnail=190x190"
s3 -T "$bench_work/thumb.jpg" "$HELIUM_TEST_S3_URL/src/same-size.jpg"
[ "$(curl -sS -o /dev/null -w '%{http_code}' -D - "$base/photo.jpg?thumbnail=190x190" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-imager-cache" {print $2}')" = hit ] || { echo "the thumbnail is not a cache hit" >&2; exit 1; }

run() { # key label url: prints requests/s, p50 ms, p99 ms and keeps them in $bench_work/key
  wrk -t2 -c"$connections" -d2s "$3" >/dev/null # warm-up
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$3" > "$bench_work/$1.wrk"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)} $1 == "Requests/sec:" {rps = $2}
    /Non-2xx/ {bad = $NF}
    END {printf "%.0f %.2f %.2f %s\n", rps, p50, p99, bad}' "$bench_work/$1.wrk" > "$bench_work/$1"
  read -r rps p50 p99 bad < "$bench_work/$1"
  printf '%-26s %10s %9s %9s %s\n' "$2" "$rps" "$p50" "$p99" "${bad:+non-2xx: $bad}"
}

echo "cache hits: $(nproc) cores; wrk -t2 -c$connections -d${seconds}s; thumbnail of $(stat -c %s "$bench_work/thumb.jpg") bytes"
printf '%-26s %10s %9s %9s\n' "" "req/s" "p50 ms" "p99 ms"
run hit "cached thumbnail, memory" "$base/photo.jpg?thumbnail=190x190"
run pass0 "pass-through, same bytes" "$base/same-size.jpg"
kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
bench_start_server "$port" Buckets__Allowed=src Cache__Bucket=cache Cache__MemoryBytes=0
echo "Cache:MemoryBytes=0, $rounds rounds:"
for round in $(seq 1 "$rounds"); do
  run "pass$round" "pass-through, round $round" "$base/same-size.jpg"
  run "bucket$round" "cached thumbnail, bucket" "$base/photo.jpg?thumbnail=190x190"
done
# Over the rounds: mean req/s, mean p50, mean p99.
mean() { for round in $(seq 1 "$rounds"); do cat "$bench_work/$1$round"; done | awk '{r += $1; a += $2; b += $3} END {printf "%.0f %.2f %.2f\n", r / NR, a / NR, b / NR}'; }
mean pass > "$bench_work/pass"
mean bucket > "$bench_work/bucket"
ratio() { # label a b: req/s, p50, p99 of file a over file b
  read -r rps p50 p99 _ < "$bench_work/$2"
  read -r base_rps base_p50 base_p99 _ < "$bench_work/$3"
  awk -v k="$1" -v a="$rps" -v b="$base_rps" -v c="$p50" -v d="$base_p50" -v e="$p99" -v f="$base_p99" \
    'BEGIN {printf "ratio %s: req/s %.2f, p50 %.2f, p99 %.2f\n", k, a / b, c / d, e / f}'
}
for round in $(seq 1 "$rounds"); do ratio "bucket hit / pass-through, round $round" "bucket$round" "pass$round"; done
ratio "memory hit / pass-through" hit pass0
ratio "bucket hit / pass-through, all rounds" bucket pass
