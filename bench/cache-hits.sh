#!/usr/bin/env bash
# Cache hits under load: requests/s and latency (p50, p99) of a cached 190x190 thumbnail, from the
# server's memory and from the cache bucket (a second server with Cache:MemoryBytes=0, as another
# instance of a fleet would read it), against passing through an object of exactly the same bytes,
# measured with wrk in the same run; radosgw as the store (Cache:SourceRecheck at its default, so a
# bucket hit costs one GET of the rendition). wrk shares the machine's cores with the server and radosgw.
#   BENCH_SECONDS per run (default 10)   BENCH_CONNECTIONS (default 16)   BENCH_PORT (default 18085)
source "$(dirname "$0")/common.sh"

seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-16}
port=${BENCH_PORT:-18085}
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
run pass "pass-through, same bytes" "$base/same-size.jpg"
kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
bench_start_server "$port" Buckets__Allowed=src Cache__Bucket=cache Cache__MemoryBytes=0
run bucket "cached thumbnail, bucket" "$base/photo.jpg?thumbnail=190x190"
read -r pass_rps pass_p50 pass_p99 _ < "$bench_work/pass"
for kind in hit bucket; do
  read -r rps p50 p99 _ < "$bench_work/$kind"
  awk -v k="$kind" -v a="$rps" -v b="$pass_rps" -v c="$p50" -v d="$pass_p50" -v e="$p99" -v f="$pass_p99" \
    'BEGIN {printf "ratio %s hit / pass-through: req/s %.2f, p50 %.2f, p99 %.2f\n", (k == "hit" ? "memory" : "bucket"), a / b, c / d, e / f}'
done
