#!/bin/sh
# demo.sh: set everything up and run the main job on the bundled samples.
# Installs the dependencies, builds discwright in build/, makes the
# sample virtual discs, serves each through the virtual MMC drive as
# /dev/sr0 and shows `discwright info` on it (and `discwright drives`),
# then burns the DVD sample to a stdio: file with verify and lists it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh tools/setup.sh
[ -x configure ] && [ configure -nt configure.ac ] || ./autogen.sh >/dev/null 2>&1
mkdir -p build
cd build
[ -f Makefile ] || "$top/configure" >configure.out 2>&1 || { cat configure.out; exit 1; }
make -j"$(nproc 2>/dev/null || echo 2)" >make.out 2>&1 || { tail -n 40 make.out; exit 1; }
make tests/vdrive/libdwvdrive.la tests/vdrive/dw-vdrive samples >/dev/null
vd=tests/vdrive/dw-vdrive
echo "== discwright drives (virtual drive serving samples/out/audio.ccd)"
"$vd" samples/out/audio.ccd -- cli/discwright drives
for s in audio mixed enhanced mode2xa; do
    echo
    echo "== discwright info /dev/sr0   (virtual drive serving samples/out/$s.ccd)"
    "$vd" samples/out/$s.ccd -- cli/discwright info /dev/sr0
done
echo
echo "== discwright info /dev/sr0   (virtual DVD-ROM drive serving samples/out/dvd.iso)"
"$vd" --profile dvd samples/out/dvd.iso -- cli/discwright info /dev/sr0
echo
echo "== discwright burn samples/out/dvd.iso --drive stdio:... --verify   (libburn into a file), then media and ls"
rm -f samples/out/burned.iso
cli/discwright burn samples/out/dvd.iso --drive stdio:samples/out/burned.iso --verify
cli/discwright media --drive stdio:samples/out/burned.iso
cli/discwright ls samples/out/burned.iso | head -n 5
