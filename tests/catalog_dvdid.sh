#!/bin/sh
# catalog_dvdid.sh: the DVD-Video disc id the catalog records (catalog/ids.c,
# through libudfread) must be libdvdread's DVDDiscID of the same image.  A
# one-second DVD-Video is made by ffmpeg, dvdauthor and genisoimage
# -dvd-video, ripped through the virtual drive with rip --catalog, and its
# record compared with tests/catalog/dvdid_ref (linked to libdvdread).
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
ref="$top_builddir/tests/catalog/dvdid_ref"
for t in ffmpeg dvdauthor genisoimage python3; do
    command -v $t >/dev/null 2>&1 || skip_all "$t is needed to make and check a DVD-Video"
done
[ -x "$ref" ] || skip_all "tests/catalog/dvdid_ref was not built (libdvdread development files missing)"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
ffmpeg -loglevel error -f lavfi -i "testsrc=size=720x576:rate=25:duration=1" -f lavfi -i "sine=duration=1" \
    -target pal-dvd -shortest "$tmp/title.mpg" &&
    VIDEO_FORMAT=PAL dvdauthor -o "$tmp/dvd" -t "$tmp/title.mpg" >/dev/null 2>&1 &&
    VIDEO_FORMAT=PAL dvdauthor -o "$tmp/dvd" -T >/dev/null 2>&1 &&
    genisoimage -quiet -dvd-video -V DWVIDEO -o "$tmp/video.iso" "$tmp/dvd" ||
    skip_all "could not make a DVD-Video with ffmpeg, dvdauthor and genisoimage"
# (libdvdread prints a note about CSS on standard output: keep the id line.)
want=$("$ref" "$tmp/video.iso" 2>/dev/null | grep -E '^[0-9a-f]{32}$')
ok $? "libdvdread computes the disc id ($want)"
mkdir "$tmp/rip"
"$vd" "$tmp/video.iso" -- "$dw" -q rip /dev/sr0 -o "$tmp/rip/video" --catalog="$tmp/c.sqlite" 2>"$tmp/err"
ok $? "the DVD-Video ripped and recorded"
got=$("$dw" --json catalog -C "$tmp/c.sqlite" show "$tmp/rip/video" |
    python3 -c "import json,sys;print([json.loads(l) for l in sys.stdin if '\"result\"' in l][0]['data']['ids']['dvd'])")
check "the catalog's DVD id is libdvdread's ($got)" test "$got" = "$want"
check "search finds the disc by it" sh -c "'$dw' --json catalog -C '$tmp/c.sqlite' search '$want' | grep -q '\"kind\":\"DVD\"'"
done_testing
