#!/bin/sh
# author_dvd.sh: --dvd-video images that libdvdread plays.  DVD-Video
# folders are made at test time with ffmpeg and dvdauthor (PAL and NTSC,
# one and several title sets, with and without menus, a title split over
# two VOBs, one folder without AUDIO_TS: tests/dvd/mkdvd.sh), authored
# by us and by genisoimage -dvd-video, then:
# - tests/dvd/dvdread_check (libdvdread) opens every IFO, BUP, menu VOB
#   and title VOB run with DVDOpenFile and reads every block of our image:
#   all equal to the folder's files;
# - lsdvd -x lists exactly what it lists for genisoimage's image;
# - every VIDEO_TS file lies at the same sector relative to VIDEO_TS.IFO
#   as in genisoimage's image (which pads where the IFOs ask);
# - verify --fs passes both images, and fails ours once an IFO sector
#   field disagrees with the layout;
# - the author refuses folders whose IFOs cannot agree with any layout,
#   naming the file and the field.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
rd="$top_builddir/tests/dvd/dvdread_check"
py=/usr/bin/python3
for t in ffmpeg dvdauthor lsdvd genisoimage isoinfo; do
    command -v $t >/dev/null 2>&1 || skip_all "$t missing (tools/setup.sh installs it)"
done
[ -x "$rd" ] || skip_all "tests/dvd/dvdread_check not built (libdvdread-dev missing at configure time)"
$py -c 'import pycdlib' 2>/dev/null || skip_all "python3-pycdlib missing (tools/setup.sh installs it)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
sh "$top_srcdir/tests/dvd/mkdvd.sh" "$tmp" >"$tmp/mkdvd.log" 2>&1
ok $? "DVD-Video folders made with ffmpeg -target pal-dvd/ntsc-dvd and dvdauthor" || { cat "$tmp/mkdvd.log"; }

# Sectors of the VIDEO_TS files relative to VIDEO_TS.IFO, from the ISO tree.
rel() {
    isoinfo -l -i "$1" | sed -n 's/.*\[ *\([0-9]*\) 00\]  \([A-Z_0-9]*\.[A-Z]*\);1 *$/\2 \1/p' | grep -E '^V' |
        LC_ALL=C sort >"$1.lba"
    b=$(awk '$1 == "VIDEO_TS.IFO" { print $2 }' "$1.lba")
    awk -v b="$b" '{ print $1, $2 - b }' "$1.lba"
}
lsdvd_of() { lsdvd -x "$1" 2>/dev/null | grep -v '^\*\*'; }

for d in pal1 ntsc2m pal3; do
    src="$tmp/$d"
    "$dw" -q author --dvd-video "$src" -o "$tmp/$d.iso"; ok $? "$d: author --dvd-video"
    genisoimage -quiet -dvd-video -o "$tmp/$d-g.iso" "$src" 2>"$tmp/g.log"; ok $? "$d: genisoimage -dvd-video"
    "$rd" "$tmp/$d.iso" "$src" >"$tmp/rd.log" 2>&1
    ok $? "$d: libdvdread reads every IFO, BUP, menu and title VOB block of our image as in the folder ($(grep -c '^ok' "$tmp/rd.log") files)" ||
        grep FAIL "$tmp/rd.log"
    "$rd" "$tmp/$d-g.iso" "$src" >/dev/null 2>&1; ok $? "$d: the same reader passes genisoimage's image"
    lsdvd_of "$tmp/$d.iso" >"$tmp/l1"; lsdvd_of "$tmp/$d-g.iso" >"$tmp/l2"
    [ -s "$tmp/l1" ] && cmp -s "$tmp/l1" "$tmp/l2"
    ok $? "$d: lsdvd -x lists exactly what it lists for genisoimage's image ($(grep -c '^Title' "$tmp/l1") titles)" ||
        diff "$tmp/l1" "$tmp/l2" | head -5
    rel "$tmp/$d.iso" >"$tmp/r1"; rel "$tmp/$d-g.iso" >"$tmp/r2"
    cmp -s "$tmp/r1" "$tmp/r2"
    ok $? "$d: every VIDEO_TS file at genisoimage's sector relative to VIDEO_TS.IFO ($(wc -l <"$tmp/r1") files)" ||
        diff "$tmp/r1" "$tmp/r2" | head -5
    "$dw" verify --fs "$tmp/$d.iso" >"$tmp/v.log" 2>&1 && grep -q '^ok  *dvd .*agrees with the IFOs' "$tmp/v.log"
    ok $? "$d: verify --fs: the layout agrees with the IFOs"
    "$dw" verify --fs "$tmp/$d-g.iso" >"$tmp/v.log" 2>&1 && grep -q '^ok  *dvd .*agrees with the IFOs' "$tmp/v.log"
    ok $? "$d: verify --fs agrees with genisoimage's layout"
done
# Files in physical order, padding only where genisoimage pads: in pal1,
# VIDEO_TS.BUP ends on the VMGI last sector (31), 26 sectors after the
# 3-sector IFO; the title set starts at TT_SRPT's sector 32.
last=$($py -c 'import sys, struct; print(struct.unpack(">I", open(sys.argv[1], "rb").read(16)[12:16])[0])' "$tmp/pal1/VIDEO_TS/VTS_01_0.IFO")
rel "$tmp/pal1.iso" | tr '\n' ' ' >"$tmp/r1"
grep -q "VIDEO_TS.BUP 29 VIDEO_TS.IFO 0 VTS_01_0.BUP $((32 + last + 1 - 6)) VTS_01_0.IFO 32 VTS_01_1.VOB 38" "$tmp/r1"
ok $? "pal1: IFO 0, BUP 29 (ends on VMGI sector 31), VTS_01_0.IFO 32, VOB 38, BUP ending on 32 + VTSI $last: $(cat "$tmp/r1")"
# AUDIO_TS is added when the folder has none; UDF as libdvdread reads it.
isoinfo -f -i "$tmp/pal3.iso" | grep -qx /AUDIO_TS; ok $? "pal3: /AUDIO_TS added (the folder has none)"
$py - "$tmp/pal3.iso" "$tmp/pal3" <<'PY'; ok $? "pal3: strict pycdlib reads the UDF tree: AUDIO_TS, VIDEO_TS's 14 files as File Entries with one short AD, their bytes"
import io, os, sys, pycdlib
iso = pycdlib.PyCdlib(); iso.open(sys.argv[1])
def kids(p):
    return [c for c in iso.list_children(udf_path=p) if c is not None and not c.is_dot() and not c.is_dotdot()]
names = sorted(c.file_identifier().decode() for c in kids("/"))
assert names == ["AUDIO_TS", "VIDEO_TS"], names
vts = kids("/VIDEO_TS")
assert sorted(c.file_identifier().decode() for c in vts) == sorted(os.listdir(sys.argv[2] + "/VIDEO_TS")), vts
for c in vts:
    n = c.file_identifier().decode()
    assert c.desc_tag.tag_ident == 261 and (c.icb_tag.flags & 7) == 0 and len(c.alloc_descs) == 1, n
    b = io.BytesIO(); iso.get_file_from_iso_fp(b, udf_path="/VIDEO_TS/" + n)
    assert b.getvalue() == open(sys.argv[2] + "/VIDEO_TS/" + n, "rb").read(), n
PY
# mkisofs emulation (-V CDROM: genisoimage's default volume id; ours, like xorriso's, is ISOIMAGE).
lsdvd_of "$tmp/ntsc2m-g.iso" >"$tmp/l2"
"$dw" -q mkisofs -dvd-video -V CDROM -o "$tmp/m.iso" "$tmp/ntsc2m" && "$rd" "$tmp/m.iso" "$tmp/ntsc2m" >/dev/null 2>&1 &&
    lsdvd_of "$tmp/m.iso" | cmp -s - "$tmp/l2"
ok $? "mkisofs -dvd-video: libdvdread reads it, lsdvd as for genisoimage's"

# verify --fs fails an image whose IFO sectors disagree with the layout.
patch_iso() { # IMAGE FILE OFFSET DELTA: add DELTA to the big-endian 32-bit field at OFFSET of FILE in IMAGE
    lba=$(isoinfo -l -i "$1" | sed -n "s/.*\[ *\([0-9]*\) 00\]  $2;1 *\$/\1/p")
    $py - "$1" "$lba" "$3" "$4" <<'PY'
import sys, struct
img, lba, off, delta = sys.argv[1], int(sys.argv[2]), int(sys.argv[3], 0), int(sys.argv[4])
with open(img, "r+b") as f:
    f.seek(lba * 2048 + off); v = struct.unpack(">I", f.read(4))[0]
    f.seek(lba * 2048 + off); f.write(struct.pack(">I", v + delta))
PY
}
cp "$tmp/pal1.iso" "$tmp/bad1.iso"
patch_iso "$tmp/bad1.iso" VIDEO_TS.IFO $((2048 + 16)) 2   # TT_SRPT title 1: title set start sector
"$dw" verify --fs "$tmp/bad1.iso" >"$tmp/v.log" 2>&1; rc=$?
[ $rc -eq 6 ] && grep -q 'VTS_01_0.IFO starts at sector 32 .* TT_SRPT title set start sector puts it at sector 34' "$tmp/v.log"
ok $? "verify --fs: a TT_SRPT title set sector 2 off is a mismatch naming VTS_01_0.IFO and TT_SRPT (exit $rc)"
cp "$tmp/ntsc2m.iso" "$tmp/bad2.iso"
patch_iso "$tmp/bad2.iso" VTS_02_0.IFO 0xC4 1             # VTSI title VOB start
"$dw" verify --fs "$tmp/bad2.iso" >"$tmp/v.log" 2>&1; rc=$?
[ $rc -eq 6 ] && grep -q 'dvd .*VTS_02_1.VOB' "$tmp/v.log"
ok $? "verify --fs: a VTSI title VOB start 1 off is a mismatch naming VTS_02_1.VOB (exit $rc): $(grep dvd "$tmp/v.log")"
"$dw" verify --fs "$tmp/pal3-g.iso" >/dev/null 2>&1 && "$dw" -q author --udf=1.02 "$tmp/pal1" -o "$tmp/plain.iso" &&
    ! "$dw" verify --fs "$tmp/plain.iso" >"$tmp/v.log" 2>&1
ok $? "verify --fs: a plain --udf image of a DVD folder (name order) fails the DVD-Video check"
grep -q 'dvd .*VIDEO_TS.BUP starts at sector' "$tmp/v.log"; ok $? "  ... naming the misplaced file"

# The author refuses what no layout can satisfy.
cp -r "$tmp/pal1" "$tmp/r1d"
$py - "$tmp/r1d/VIDEO_TS/VTS_01_0.IFO" <<'PY'
import sys, struct
with open(sys.argv[1], "r+b") as f:
    f.seek(0xC4); f.write(struct.pack(">I", 3))
PY
"$dw" -q author --dvd-video "$tmp/r1d" -o "$tmp/r1.iso" 2>"$tmp/err"; rc=$?
[ $rc -ne 0 ] && [ ! -e "$tmp/r1.iso" ] && grep -q 'VTS_01_1.VOB: the VTSI title VOB start sector (0xC4) puts it at sector 35, inside VTS_01_0.IFO' "$tmp/err"
ok $? "refused: a title VOB start inside its IFO, naming the file and 0xC4 (exit $rc): $(cat "$tmp/err")"
cp -r "$tmp/pal1" "$tmp/r2d"
printf x >>"$tmp/r2d/VIDEO_TS/VTS_01_1.VOB"
"$dw" -q author --dvd-video "$tmp/r2d" -o "$tmp/r2.iso" 2>"$tmp/err"; rc=$?
[ $rc -ne 0 ] && grep -q 'VTS_01_1.VOB is 182273 bytes: DVD-Video files are whole 2048-byte sectors' "$tmp/err"
ok $? "refused: a VOB not in whole sectors (exit $rc)"
mkdir "$tmp/r3d"; "$dw" -q author --dvd-video "$tmp/r3d" -o "$tmp/r3.iso" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'no /VIDEO_TS directory' "$tmp/err"; ok $? "refused: no VIDEO_TS (exit $rc)"
"$dw" -q author --dvd-video --udf=2.50 "$tmp/pal1" -o "$tmp/r4.iso" 2>/dev/null; rc=$?
[ $rc -eq 2 ]; ok $? "refused: --dvd-video with --udf=2.50 (exit $rc)"
"$dw" -q author --dvd-video --udf-embed "$tmp/pal1" -o "$tmp/r5.iso" 2>/dev/null; rc=$?
[ $rc -eq 2 ]; ok $? "refused: --dvd-video with --udf-embed (exit $rc)"
done_testing
