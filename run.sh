#!/usr/bin/env bash
# Runs the server on its embedded default store (the samples/ folder shipped with it) at
# http://127.0.0.1:8080, after installing the Debian packages its PDF and DICOM renderers need
# (apt-get, through sudo unless root). Arguments are passed on to the server: --urls, --Store:Kind=S3 …
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null || ! dotnet --list-sdks | grep -q '^10\.'; then
  echo "run.sh: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi
deploy/debian/ensure-packages.sh @deploy/debian/renderer-packages.txt

arguments=("$@")
if [[ " $* " != *" --urls"* ]]; then
  arguments+=(--urls http://127.0.0.1:8080)
fi
# malloc for a long-running process, as the deploy files set it: two arenas, not eight a core.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
exec dotnet run --project src/Helium.Imager -c Release -- "${arguments[@]}"
