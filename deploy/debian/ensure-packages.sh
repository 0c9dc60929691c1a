#!/usr/bin/env bash
# Installs whichever of the named Debian packages are missing, with apt-get: directly as root,
# otherwise through sudo. Names may also come one a line from files given as @FILE ('#' starts a
# comment). Used by run.sh, tests/run-all.sh and deploy/debian/install.sh.
set -euo pipefail

wanted=()
for argument in "$@"; do
  if [[ $argument == @* ]]; then
    while read -r name _; do
      [[ -n $name && $name != \#* ]] && wanted+=("$name")
    done < "${argument#@}"
  else
    wanted+=("$argument")
  fi
done

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "ensure-packages: ${missing[*]} missing; run as root or install sudo" >&2
    exit 1
  fi
  sudo=(sudo)
fi
echo "ensure-packages: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
