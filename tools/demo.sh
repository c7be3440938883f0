#!/bin/sh
# demo.sh: set everything up and run the main job on the bundled samples.
# Installs the dependencies, builds discwright in build/, makes the
# sample virtual discs, serves each through the virtual MMC drive as
# /dev/sr0 and shows `discwright info` on it (and `discwright drives`),
# then rips three of them (all formats), a damaged one (and refines it
# from a good drive) and the DVD, into build/demo-rips/, burns the audio
# rip's cue sheet to a blank CD-R in the virtual recorder and rips that
# back (build/demo-cdr/), burns the DVD sample to a stdio: file with
# verify and lists it; verifies a rip against
# its hashes; authors the rips as ISO 9660 + Joliet + Rock Ridge + UDF 2.01,
# checks and extracts that image, grows it by a second session through
# burn --author --multi, and (with isolinux installed) makes a bootable
# hybrid image and shows its El Torito entries and partitions.
# With --gui it opens discwright-gtk on the audio sample instead (the
# virtual drive serves it as /dev/sr0; needs a display).
set -eu
gui=no
[ "${1:-}" = --gui ] && gui=yes
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
if [ "$gui" = yes ]; then
    [ -x gui/discwright-gtk ] || { echo "demo.sh: discwright-gtk is not built (configured with --disable-gui?)" >&2; exit 1; }
    [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || { echo "demo.sh --gui: no display (DISPLAY/WAYLAND_DISPLAY unset)" >&2; exit 1; }
    make gui/schemas/gschemas.compiled >/dev/null
    echo "== discwright-gtk on the virtual drive serving samples/out/audio.ccd as /dev/sr0"
    GSETTINGS_SCHEMA_DIR=$top/build/gui/schemas exec "$vd" samples/out/audio.ccd -- gui/discwright-gtk
fi
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
rips=$top/build/demo-rips
rm -rf "$rips"
mkdir -p "$rips"
for s in audio mixed enhanced; do
    echo
    echo "== discwright rip /dev/sr0 -o demo-rips/$s --format all   (virtual drive serving samples/out/$s.ccd)"
    "$vd" samples/out/$s.ccd -- cli/discwright rip /dev/sr0 -o "$rips/$s" --format all
    cmp -s "$rips/$s.img" samples/out/$s.img && echo "$s: the ripped .img equals the disc's image byte for byte"
done
echo
echo "== the damaged audio disc: 12 unreadable sectors, 6 unstable ones; then refine from a good drive"
printf '0x0  0x%X  +\n0x%X  0x%X  -\n0x%X  0x%X  /\n' $((300 * 2352)) $((300 * 2352)) $((12 * 2352)) \
    $((700 * 2352)) $((6 * 2352)) >"$rips/faults.map"
"$vd" --faults "$rips/faults.map" samples/out/audio.ccd -- \
    cli/discwright rip /dev/sr0 -o "$rips/damaged" --retries 1 || echo "(exit code $?: sectors remain unreadable, as expected)"
"$vd" samples/out/audio.ccd -- cli/discwright refine "$rips/damaged" --drive /dev/sr0
echo
echo "== discwright rip of the DVD"
"$vd" --profile dvd samples/out/dvd.iso -- cli/discwright rip /dev/sr0 -o "$rips/dvd"
cat "$rips/dvd.hash"
echo
echo "Rips are in $rips (BASE.cue/.bin, .ccd/.img/.sub, .toc/.bin, .iso, .hash, .dat, .log, .json, .map)."
echo
echo "== discwright burn demo-rips/audio.cue to a blank CD-R in the virtual recorder (SAO, CD-TEXT), then rip it back"
cdr=$top/build/demo-cdr
rm -rf "$cdr"
mkdir -p "$cdr/disc" "$cdr/rip"
"$vd" --medium cd-r --disc "$cdr/disc" -- cli/discwright burn "$rips/audio.cue" --drive /dev/sr0
"$vd" --medium cd-r --disc "$cdr/disc" -- cli/discwright media --drive /dev/sr0
"$vd" --medium cd-r --disc "$cdr/disc" -- cli/discwright rip /dev/sr0 -o "$cdr/rip/audio" --format all
same=yes
for b in "$rips"/audio*.bin; do cmp -s "$b" "$cdr/rip/$(basename "$b")" || same=no; done
cmp -s "$rips/audio.cue" "$cdr/rip/audio.cue" || same=no
[ "$same" = yes ] && echo "the burnt CD-R rips back to the same BINs, cue sheet and CD-TEXT, byte for byte"
echo
echo "== discwright burn samples/out/dvd.iso --drive stdio:... --verify   (libburn into a file), then media and ls"
rm -f samples/out/burned.iso
cli/discwright burn samples/out/dvd.iso --drive stdio:samples/out/burned.iso --verify
cli/discwright media --drive stdio:samples/out/burned.iso
cli/discwright ls samples/out/burned.iso | head -n 5
echo
echo "== discwright verify demo-rips/mixed.cue   (hashes against the sidecar, sectors, Q, filesystem)"
cli/discwright verify "$rips/mixed.cue"
da=$top/build/demo-author
rm -rf "$da"
mkdir -p "$da"
echo
echo "== discwright author demo-rips --udf=2.01 -o demo-author/rips.iso, then verify --fs and extract --tree udf"
cli/discwright author "$rips" --udf=2.01 --volid DEMO_RIPS -o "$da/rips.iso"
cli/discwright verify --fs "$da/rips.iso"
cli/discwright extract "$da/rips.iso" -o "$da/extracted" --tree udf
diff -r "$rips" "$da/extracted" >/dev/null && echo "the extracted tree equals demo-rips, byte for byte"
echo
echo "== multisession: burn --author --multi twice into stdio:demo-author/multi.iso, then ls"
mkdir -p "$da/session1/audio" "$da/session2/mixed"
cp "$rips"/audio.* "$da/session1/audio/"
cp "$rips"/mixed.* "$da/session2/mixed/"
cli/discwright burn --author "$da/session1" --drive "stdio:$da/multi.iso" --multi
cli/discwright burn --author "$da/session2" --drive "stdio:$da/multi.iso" --multi
cli/discwright ls "$da/multi.iso"
if [ -f /usr/lib/ISOLINUX/isolinux.bin ] && [ -f /usr/lib/syslinux/modules/bios/ldlinux.c32 ]; then
    echo
    echo "== a bootable hybrid image: isolinux (El Torito, boot-info-table), isohdpfx MBR, GPT, UDF 2.01"
    mkdir -p "$da/boot/isolinux"
    cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$da/boot/isolinux/"
    printf 'PROMPT 0\nDEFAULT local\nLABEL local\n  LOCALBOOT 0x80\n' >"$da/boot/isolinux/isolinux.cfg"
    cli/discwright author "$da/boot" --udf=2.01 --boot-bios /isolinux/isolinux.bin --boot-load-size 4 \
        --boot-info-table --boot-catalog /isolinux/boot.cat --isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin --gpt \
        -o "$da/boot.iso"
    cli/discwright info "$da/boot.iso"
fi
