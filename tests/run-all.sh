#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs the Debian packages it needs (apt-get,
# as root or through sudo), starts a throw-away radosgw on 127.0.0.1, runs every test project, and
# stops radosgw again by PID, also when the tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."

# radosgw and its monitor and OSD for the S3 tests; dcmtk as the DICOM oracle; systemd-analyze to
# check the Debian unit; and what the renderers need.
deploy/debian/ensure-packages.sh radosgw ceph-mon ceph-osd ceph-base ceph-common uuid-runtime curl ca-certificates \
  dcmtk systemd @deploy/debian/renderer-packages.txt

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
