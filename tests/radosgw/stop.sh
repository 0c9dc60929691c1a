#!/usr/bin/env bash
# Stops the daemons that start.sh started, by the PIDs they recorded, and waits for them to exit.
set -u
dir=${RGW_DIR:-/tmp/helium-rgw}
for name in client.rgw osd.0 mon.a; do
  pidfile="$dir/run/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile"
done
