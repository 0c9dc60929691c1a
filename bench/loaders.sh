#!/usr/bin/env bash
# Cold thumbnails of the formats libvips lacks here (JPEG 2000, JPEG XL, BMP; Magick.NET decodes
# them for the pixel pipeline), with JPEG beside them, against a baseline build of this repository
# measured in the same run (default: 04c974d, the last revision before libvips, when Magick.NET
# rendered everything). Source: fixtures/raster/2569067123_aca715a2ee_o.jpg (2725x2225) written in
# each format: JPEG 2000 and BMP by ImageMagick, JPEG XL by libjxl's cjxl (quality 90; Debian's
# ImageMagick 6 has no JPEG XL coder). Needs imagemagick and libjxl-tools (bench/run-all.sh installs them). Each request a cache miss (its own copy), folder store,
# one client; milliseconds a thumbnail and the ratio baseline ÷ this build (above 1: this build is
# faster). The two builds run one at a time in alternating rounds (BENCH_ROUNDS, default 3), each a
# fresh server measuring BENCH_COPIES (default 9) a cell; the median is over every round: a
# full-size decode here swings by a quarter between processes and minutes (glibc's heap state, see
# bench/RESULTS.md §3), more than one round of each could tell apart.
#   bench/loaders.sh [baseline-revision]
source "$(dirname "$0")/common.sh"

baseline=${1:-04c974d}
copies=${BENCH_COPIES:-9}
rounds=${BENCH_ROUNDS:-3}
port=${BENCH_PORT:-18085}
command -v convert >/dev/null && command -v cjxl >/dev/null || { echo "needs convert and cjxl (apt-get install imagemagick libjxl-tools)" >&2; exit 1; }

git worktree add -q --detach "$bench_work/baseline" "$baseline"
trap 'git worktree remove --force "$bench_work/baseline"; bench_cleanup' EXIT
dotnet build "$bench_work/baseline/src/Helium.Imager" -c Release -v quiet -nologo >/dev/null
dotnet build src/Helium.Imager -c Release -v quiet -nologo >/dev/null

formats=(jpg jp2 jxl bmp)
cp tests/fixtures/raster/2569067123_aca715a2ee_o.jpg "$bench_work/photo.jpg"
convert "$bench_work/photo.jpg" -quality 90 "$bench_work/photo.jp2"
convert "$bench_work/photo.jpg" "$bench_work/photo.bmp"
convert "$bench_work/photo.jpg" "$bench_work/photo.png"
cjxl --quiet "$bench_work/photo.png" "$bench_work/photo.jxl" -q 90 2>/dev/null || cjxl "$bench_work/photo.png" "$bench_work/photo.jxl" -q 90
# Each file must be what its name says (a converter that lacks a format may write another one).
[ "$(head -c 2 "$bench_work/photo.jxl" | od -An -tx1 | tr -d ' ')" = ff0a ] || [ "$(head -c 8 "$bench_work/photo.jxl" | od -An -tx1 | tr -d ' ')" = 0000000c4a584c20 ]
[ "$(head -c 4 "$bench_work/photo.jp2" | od -An -tx1 | tr -d ' ')" = 0000000c ]
[ "$(head -c 2 "$bench_work/photo.bmp")" = BM ]

# One round for the build in $1: a line "format size ms" a request, appended to $label.raw.
measure() { # build-dir label
  local build=$1 label=$2 store="$bench_work/store-$2"
  rm -rf "$store" "$bench_work/cache-$label"
  mkdir -p "$store/img"
  for format in "${formats[@]}"; do
    for i in $(seq 0 $((2 * copies + 1))); do cp "$bench_work/photo.$format" "$store/img/$i.$format"; done
  done
  env "${bench_server_env[@]}" Logging__LogLevel__Default=Warning Store__Kind=FileSystem Store__Root="$store" Cache__Root="$bench_work/cache-$label" \
    dotnet "$build/src/Helium.Imager/bin/Release/net10.0/Helium.Imager.dll" --urls "http://127.0.0.1:$port" > "$bench_work/$label.log" 2>&1 &
  local pid=$!
  extra_pids+=("$pid")
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
  for format in "${formats[@]}"; do
    # The last copy warms the coder up (JIT, library loading) and is not counted.
    curl -sS --fail -o /dev/null "http://127.0.0.1:$port/img/$((2 * copies + 1)).$format?w=190&h=190"
    for size in "w=190&h=190" "w=720"; do
      offset=$([ "$size" = "w=720" ] && echo "$copies" || echo 0)
      for i in $(seq "$offset" $((offset + copies - 1))); do
        curl -sS --fail -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/img/$i.$format?$size" |
          awk -v f="$format" -v s="$size" '{printf "%s %s %.1f\n", f, s, $1 * 1000}'
      done
    done
  done >> "$bench_work/$label.raw"
  kill "$pid" && wait "$pid" 2>/dev/null || true
}

# Medians in ms, one line a format and size in the order measured, from a build's raw lines.
medians() { # label
  for format in "${formats[@]}"; do
    for size in "w=190&h=190" "w=720"; do
      awk -v f="$format" -v s="$size" '$1 == f && $2 == s {print $3}' "$bench_work/$1.raw" | median |
        awk -v f="$format" -v s="$size" '{printf "%s %s %.1f\n", f, s, $1}'
    done
  done > "$bench_work/$1.ms"
}

for round in $(seq 1 "$rounds"); do
  measure "$bench_work/baseline" baseline
  measure . current
done
medians baseline
medians current

echo "loaders: $(nproc) cores; cold thumbnails, ms (median of $copies × $rounds rounds); baseline $(git rev-parse --short "$baseline")"
printf '%-6s %-12s %10s %10s %8s\n' format size baseline current ratio
paste -d' ' "$bench_work/baseline.ms" "$bench_work/current.ms" |
  awk '{printf "%-6s %-12s %10.1f %10.1f %8.2f\n", $1, $2, $3, $6, $3 / $6}'
