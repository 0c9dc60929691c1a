# Shared by the benchmarks (source it): a throw-away radosgw, an S3 helper signed with curl, a
# server process of this build, and cleanup of both by PID when the benchmark exits.
#   bench_start_store            starts radosgw (RGW_DIR, default /tmp/helium-bench-rgw)
#   s3 ARGS…                     curl signed with the test user's keys (-o /dev/null unless given)
#   bench_start_server PORT VAR=VALUE…   starts the server in S3 mode with extra settings; sets server_pid
#   bench_start_server_with PORT VAR=VALUE…   the same with only the given settings
#   median, p99                  of numbers on stdin
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export RGW_DIR=${RGW_DIR:-/tmp/helium-bench-rgw}
bench_work=$(mktemp -d)
server_pid=""
extra_pids=() # other servers a benchmark starts (peers), stopped with it

bench_cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  for pid in "${extra_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  tests/radosgw/stop.sh
  rm -rf "$bench_work"
}
trap bench_cleanup EXIT

bench_start_store() {
  if ! tests/radosgw/start.sh 2> "$bench_work/radosgw.log"; then
    echo "radosgw did not start (is another one using its ports? tests/radosgw/stop.sh stops the tests' one):" >&2
    tail -5 "$bench_work/radosgw.log" >&2
    return 1
  fi
  # shellcheck disable=SC1091
  source "$RGW_DIR/env"
}

s3() {
  curl -sS --fail --aws-sigv4 "aws:amz:us-east-1:s3" --user "$HELIUM_TEST_S3_ACCESS_KEY:$HELIUM_TEST_S3_SECRET_KEY" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -o /dev/null "$@"
}

bench_start_server() { # PORT VAR=VALUE…: in S3 mode against the benchmark's radosgw
  local port=$1
  shift
  bench_start_server_with "$port" Store__Kind=S3 S3__ServiceUrl="$HELIUM_TEST_S3_URL" S3__AccessKey="$HELIUM_TEST_S3_ACCESS_KEY" \
    S3__SecretKey="$HELIUM_TEST_S3_SECRET_KEY" "$@"
}

bench_start_server_with() { # PORT VAR=VALUE…: any settings (e.g. a folder store)
  local port=$1
  shift
  dotnet build src/Helium.Imager -c Release -v quiet -nologo >/dev/null
  env "${bench_server_env[@]}" Logging__LogLevel__Default=Warning "$@" \
    dotnet src/Helium.Imager/bin/Release/net10.0/Helium.Imager.dll --urls "http://127.0.0.1:$port" > "$bench_work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && return 0; sleep 0.1; done
  echo "the server did not start; see $bench_work/server.log" >&2
  return 1
}

# The server's environment as the deploy files set it (malloc tuned for a long-running process).
bench_server_env=(MALLOC_ARENA_MAX=2)

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
p99() { sort -n | awk '{v[NR]=$1} END {i=int(NR*0.99); if (i<1) i=1; print v[i]}'; }
