#!/bin/sh
# Installs Helium Imager on a Debian host as a systemd service, from a checkout of the repository:
#
#   sudo deploy/debian/install.sh            build, install to /opt/helium-imager, enable and start
#   sudo deploy/debian/install.sh --no-start install only
#   deploy/debian/install.sh --prefix DIR --no-start
#                                            install below DIR (a dry run, used by the tests)
#   --from DIR                               install an existing `dotnet publish -r linux-x64
#                                            --self-contained` folder instead of building one
#   sudo deploy/debian/install.sh --rollback put the previous program back (and restart)
#
# Each install keeps the program it replaces in /opt/helium-imager.previous; --rollback swaps the two
# (so a second --rollback returns to the newer one). Settings and the unit are not touched by it.
# Building needs the .NET 10 SDK; the installed server does not (it is self-contained). Settings
# are kept across upgrades in /etc/helium-imager/helium-imager.env.
set -eu

prefix=""
start=yes
from=""
rollback=no
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --no-start) start=no; shift ;;
        --from) from="$2"; shift 2 ;;
        --rollback) rollback=yes; shift ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
app="$prefix/opt/helium-imager"
etc="$prefix/etc/helium-imager"
unit="$prefix/etc/systemd/system/helium-imager.service"

say() { echo "install.sh: $*"; }
version_of() { "$1/Helium.Imager" --version 2>/dev/null || echo "an unknown version"; }

restart() {
    if [ "$start" = yes ] && [ -z "$prefix" ]; then
        if [ -d /run/systemd/system ]; then
            systemctl daemon-reload
            systemctl enable helium-imager >/dev/null 2>&1
            systemctl restart helium-imager
            say "started: systemctl status helium-imager; journalctl -u helium-imager"
        else
            say "systemd is not running here; start $app/Helium.Imager with the settings in $etc/helium-imager.env"
        fi
    fi
}

if [ "$rollback" = yes ]; then
    [ -x "$app.previous/Helium.Imager" ] || { echo "install.sh: there is no previous version in $app.previous to roll back to" >&2; exit 1; }
    rm -rf "$app.swap"
    mv "$app" "$app.swap"
    mv "$app.previous" "$app"
    mv "$app.swap" "$app.previous"
    say "rolled back to $(version_of "$app"); $(version_of "$app.previous") kept in $app.previous"
    restart
    exit 0
fi

# The renderers' Debian packages (MuPDF's mupdf-tools for PDF pages, libgdcm-cil and dcmtk for DICOM), when missing.
bash "$here/ensure-packages.sh" "@$here/renderer-packages.txt"

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
if [ -z "$from" ]; then
    command -v dotnet >/dev/null || { echo "install.sh: building needs the .NET 10 SDK (or use --from)" >&2; exit 1; }
    say "building a self-contained server"
    dotnet publish "$repo/src/Helium.Imager/Helium.Imager.csproj" -c Release -r linux-x64 --self-contained \
        -o "$staging/app" --nologo -v quiet
    from="$staging/app"
fi
[ -x "$from/Helium.Imager" ] || { echo "install.sh: $from has no Helium.Imager executable" >&2; exit 1; }

# Replace the program folder in one step, so that a running service never sees half of it.
mkdir -p "$(dirname "$app")"
rm -rf "$app.new"
cp -a "$from" "$app.new"
# GDCM's C# binding must match the native glue of the installed libgdcm-cil.
if [ -f /usr/lib/cli/gdcm-sharp-3.0/gdcm-sharp.dll ]; then
    cp /usr/lib/cli/gdcm-sharp-3.0/gdcm-sharp.dll "$app.new/gdcm-sharp.dll"
fi
if [ -d "$app" ]; then
    rm -rf "$app.previous"
    mv "$app" "$app.previous"
fi
mv "$app.new" "$app"
say "installed $(version_of "$app") in $app"
[ -d "$app.previous" ] && say "kept $(version_of "$app.previous") in $app.previous (install.sh --rollback puts it back)"

if [ -z "$prefix" ] && ! id helium-imager >/dev/null 2>&1; then
    adduser --system --group --no-create-home --home /nonexistent helium-imager >/dev/null
    say "created system user helium-imager"
fi

mkdir -p "$etc"
if [ ! -f "$etc/helium-imager.env" ]; then
    cp "$here/helium-imager.env" "$etc/helium-imager.env"
    chmod 640 "$etc/helium-imager.env"
    [ -z "$prefix" ] && chgrp helium-imager "$etc/helium-imager.env"
    say "wrote $etc/helium-imager.env (edit it to point at your store)"
else
    say "kept $etc/helium-imager.env"
fi

mkdir -p "$(dirname "$unit")"
sed "s|@PREFIX@|$prefix|g" "$here/helium-imager.service" > "$unit"
say "installed $unit"

restart
