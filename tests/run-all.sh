#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs the Debian packages it needs (apt-get,
# as root or through sudo), starts a throw-away radosgw on 127.0.0.1, runs every test project, and
# stops radosgw again by PID, also when the tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(radosgw ceph-mon ceph-osd ceph-base ceph-common uuid-runtime curl ca-certificates ghostscript libgdcm-cil dcmtk)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "run-all.sh: installing ${missing[*]}" >&2
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null || ! dotnet --list-sdks | grep -q '^10\.'; then
  echo "run-all.sh: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi

export RGW_DIR=${RGW_DIR:-/tmp/helium-rgw}
trap 'tests/radosgw/stop.sh' EXIT
tests/radosgw/start.sh
# shellcheck disable=SC1091
source "$RGW_DIR/env"

dotnet test Helium.Imager.sln -c Release --logger "console;verbosity=normal"
