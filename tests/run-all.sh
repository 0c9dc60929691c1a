#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs the Debian packages it needs (apt-get,
# as root or through sudo), starts a throw-away radosgw on 127.0.0.1, runs every test project, and
# stops radosgw again by PID, also when the tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."

# radosgw and its monitor and OSD for the S3 tests; the oracles the image comparisons trust (dcmtk
# and OpenJPEG for DICOM, poppler for PDF pages, Little CMS for colour); systemd-analyze for the unit;
# HAProxy for the fleet tests; Varnish, a CDN-style cache in front of the server; Prometheus (and
# promtool) for the alert rules and a real scrape; the languages the URL-signing code in docs/signing
# and clients/typescript is checked in; and what the renderers need.
deploy/debian/ensure-packages.sh radosgw ceph-mon ceph-osd ceph-base ceph-common uuid-runtime curl ca-certificates \
  dcmtk libopenjp2-tools liblcms2-utils poppler-utils systemd haproxy varnish prometheus \
  python3 ruby php-cli golang-go nodejs node-typescript @deploy/debian/renderer-packages.txt

# The Kubernetes manifests are rendered with `kubectl kustomize` when kubectl is here (Debian has no
# current one); otherwise those tests are skipped, and this says so.
if ! command -v kubectl >/dev/null; then
  echo "run-all.sh: kubectl is not on this machine: the Kubernetes manifests are not rendered (KubernetesManifestTests)" >&2
  export HELIUM_TEST_KUBECTL=absent
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

# Style first: imports in order and used, formatting as .editorconfig says (seconds, not minutes).
dotnet format Helium.Imager.sln --verify-no-changes

# A green run prints a line a test project; a red one the failures, then those tests again with
# what they and their servers wrote (only the failed ones, so that the log points at them).
results="$(mktemp -d)"
status=0
dotnet test Helium.Imager.sln -c Release --logger "console;verbosity=minimal" --logger trx --results-directory "$results" || status=$?
tests/summarize-results.sh "$results" || status=1
exit $status
