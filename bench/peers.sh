#!/usr/bin/env bash
# Cold transforms side by side with the tools users would pick instead, on the same inputs and
# outputs (JPEG, quality 80), measured in the same run:
#   Helium Imager (a real server process, folder store; every request a cache miss)
#   ipx 3 (npm; an image server on sharp/libvips), also over HTTP from a folder
#   vipsthumbnail (Debian libvips-tools; one process for all files at concurrency 1)
#   ImageMagick 6 `convert -thumbnail` (Debian; one process a file)
#   the engine alone: libvips's thumbnail in-process (bench/engine, NetVips, the libvips the server
#   is to use), no HTTP, no cache: the limit a server on libvips can approach
# Inputs: fixtures/raster/2569067123_aca715a2ee_o.jpg (2725x2225, 6 MP) and a 24-megapixel JPEG
# made from it. Outputs: 190x190 (fit inside) and 720 px wide. Concurrency 1 and 2; ops/s and
# the ratio of Helium Imager's ops/s to each peer's (above 1: Helium Imager is faster).
#   BENCH_COPIES renders per cell (default 24)   BENCH_IPX_DIR where ipx is installed
#   (default ~/.cache/helium-bench/ipx; bench/run-all.sh installs it)
source "$(dirname "$0")/common.sh"

copies=${BENCH_COPIES:-24}
port=${BENCH_PORT:-18083}
ipx_port=$((port + 1))
ipx_dir=${BENCH_IPX_DIR:-$HOME/.cache/helium-bench/ipx}
[ -x "$ipx_dir/node_modules/.bin/ipx" ] || { echo "ipx is not installed in $ipx_dir (bench/run-all.sh installs it)" >&2; exit 1; }
command -v vipsthumbnail >/dev/null && [ -x /usr/bin/convert ] || { echo "needs libvips-tools and imagemagick (apt-get install)" >&2; exit 1; }

store="$bench_work/store"
mkdir -p "$store/img" "$bench_work/out"
cp tests/fixtures/raster/2569067123_aca715a2ee_o.jpg "$bench_work/photo6.jpg"
vips resize "$bench_work/photo6.jpg" "$bench_work/photo24.jpg[Q=90]" 2.2 # 5995x4895, 29 MP
vipsthumbnail "$bench_work/photo24.jpg" -s 6000x4000! -o "$bench_work/photo24b.jpg[Q=90]" && mv "$bench_work/photo24b.jpg" "$bench_work/photo24.jpg"
for input in photo6 photo24; do
  # Every request for us must be a cache miss: each cell reads its own copies (4 cells an input).
  for i in $(seq 0 $((4 * copies))); do cp "$bench_work/$input.jpg" "$store/img/$input-$i.jpg"; done
done

dotnet build bench/engine -c Release -v quiet -nologo >/dev/null
engine_dll=bench/engine/bin/Release/net10.0/Helium.Imager.Bench.Engine.dll
# Concurrency 2 stands for two users; every request here comes from 127.0.0.1, one client to the
# server's fair share (Limits:PerClientRenders, half the render slots by default), which would cap
# the cell at one render at a time. The peers have no such share.
bench_start_server_with "$port" Store__Kind=FileSystem Store__Root="$store" Cache__Root="$bench_work/cache" Limits__PerClientRenders=2
(cd "$ipx_dir" && PORT=$ipx_port HOST=127.0.0.1 exec ./node_modules/.bin/ipx serve --dir "$store" > "$bench_work/ipx.log" 2>&1) &
extra_pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$ipx_port/" && break; sleep 0.1; done

# ops/s of N requests from a curl config file, one connection a lane, `lanes` at once.
http_ops() { # lanes urlfile
  local lanes=$1 urls=$2 start end
  start=$(date +%s.%N)
  if [ "$lanes" = 1 ]; then
    sed 's/.*/url = "&"\noutput = "\/dev\/null"/' "$urls" | curl -sS --fail -K -
  else
    split -n "r/$lanes" "$urls" "$bench_work/lane."
    for lane in "$bench_work"/lane.*; do
      sed 's/.*/url = "&"\noutput = "\/dev\/null"/' "$lane" | curl -sS --fail -K - &
    done
    wait
    rm -f "$bench_work"/lane.*
  fi
  end=$(date +%s.%N)
  awk -v n="$(wc -l < "$urls")" -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", n / (e - s)}'
}

# ops/s of a command over the copies' file names, `lanes` processes at once.
cli_ops() { # lanes command… (receives file names as arguments)
  local lanes=$1 start end
  shift
  start=$(date +%s.%N)
  printf '%s\n' "${files[@]}" | xargs -P "$lanes" -n "$(( (${#files[@]} + lanes - 1) / lanes ))" "$@"
  end=$(date +%s.%N)
  awk -v n="${#files[@]}" -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", n / (e - s)}'
}
convert_each() { for f in "$@"; do /usr/bin/convert "$f" -thumbnail "$size_im" -quality 80 "$bench_work/out/$(basename "$f")"; done; }
export -f convert_each
export bench_work

echo "peers: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $copies cold renders a cell; JPEG q80; ops/s"
echo "versions: $(vipsthumbnail --vips-version 2>/dev/null | head -1); $(/usr/bin/convert -version | head -1 | cut -d' ' -f2-3); ipx $(node -p "require('$ipx_dir/node_modules/ipx/package.json').version"), sharp $(node -p "require('$ipx_dir/node_modules/sharp/package.json').version")"
printf '%-16s %-6s %3s %9s %9s %9s %9s %9s %8s %8s %8s %8s\n' input output c helium ipx vips convert engine "/ipx" "/vips" "/convert" "/engine"
for input in photo6 photo24; do
  cell=0
  for output in 190x190 720w; do
    case $output in
      190x190) ours="thumbnail=190x190&quality=80"; ipx_op="fit_inside,s_190x190,q_80"; size_vips="190x190"; size_im="190x190" ;;
      720w) ours="w=720&quality=80"; ipx_op="w_720,q_80"; size_vips="720x"; size_im="720x" ;;
    esac
    export size_im
    # Warm-up on copies the measurements do not use (JIT, sharp's first load).
    curl -sS --fail -o /dev/null "http://127.0.0.1:$port/img/$input-$((4 * copies)).jpg?$ours&dpr=1"
    curl -sS --fail -o /dev/null "http://127.0.0.1:$ipx_port/$ipx_op/img/$input-$((4 * copies)).jpg"
    for lanes in 1 2; do
      files=(); : > "$bench_work/ours.urls"; : > "$bench_work/ipx.urls"
      for i in $(seq $((cell * copies)) $((cell * copies + copies - 1))); do
        files+=("$store/img/$input-$i.jpg")
        echo "http://127.0.0.1:$port/img/$input-$i.jpg?$ours" >> "$bench_work/ours.urls"
        echo "http://127.0.0.1:$ipx_port/$ipx_op/img/$input-$i.jpg" >> "$bench_work/ipx.urls"
      done
      cell=$((cell + 1))
      helium=$(http_ops "$lanes" "$bench_work/ours.urls")
      ipx=$(http_ops "$lanes" "$bench_work/ipx.urls")
      vips=$(cli_ops "$lanes" vipsthumbnail -s "$size_vips" -o "$bench_work/out/%s.jpg[Q=80]")
      convert=$(cli_ops "$lanes" bash -c 'convert_each "$@"' _)
      engine=$(dotnet "$engine_dll" "$size_vips" "$lanes" "${files[@]}")
      printf '%-16s %-6s %3s %9s %9s %9s %9s %9s %8.2f %8.2f %8.2f %8.2f\n' "$input" "$output" "$lanes" "$helium" "$ipx" "$vips" "$convert" "$engine" \
        "$(awk -v a="$helium" -v b="$ipx" 'BEGIN {print a / b}')" "$(awk -v a="$helium" -v b="$vips" 'BEGIN {print a / b}')" "$(awk -v a="$helium" -v b="$convert" 'BEGIN {print a / b}')" \
        "$(awk -v a="$helium" -v b="$engine" 'BEGIN {print a / b}')"
    done
  done
done
