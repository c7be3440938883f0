#!/bin/sh
# setup.sh: install every build and test dependency of discwright from
# Debian 12's packages, and nothing else.  Idempotent: packages already
# present are left alone.  Runs as root, or through sudo when available.
set -eu

PKGS="build-essential autoconf automake libtool pkg-config autoconf-archive
gettext autopoint
libglib2.0-dev libglib2.0-bin libgtk-3-dev
libcdio-dev libiso9660-dev libudfread-dev libburn-dev libcdio-utils
libdiscid-dev zlib1g-dev libssl-dev
xorriso genisoimage
clang libclang-rt-14-dev
cdrdao cdparanoia
xvfb xauth dbus
dbus-x11 at-spi2-core python3-dogtail librsvg2-common
desktop-file-utils appstream
python3 bc time groff-base
xorriso genisoimage p7zip-full libarchive-tools python3-pycdlib udftools util-linux
qemu-system-x86 ovmf isolinux syslinux-common grub-efi-amd64-bin grub-pc-bin grub-common mtools dosfstools fdisk
ffmpeg dvdauthor lsdvd libdvdread-dev libbluray-dev libbluray-bin
libflac-dev flac cuetools libcurl4-openssl-dev libjson-glib-dev
wodim bash-completion man-db
sqlite3 libsqlite3-dev postgresql libpq-dev"

if [ "$(id -u)" -eq 0 ]; then
    SUDO=
elif command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
else
    echo "setup.sh: run as root or install sudo" >&2
    exit 1
fi

missing=
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    echo "setup.sh: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get -o DPkg::Lock::Timeout=900 update -q
    # shellcheck disable=SC2086
    $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends $missing
else
    echo "setup.sh: all dependencies present"
fi
