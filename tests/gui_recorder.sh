#!/bin/sh
# gui_recorder.sh: discwright-gtk burning to a recorder (issue 13).  The
# GUI test /gui/recorder (tests/gui/test_gui_recorder.c) runs headless
# under xvfb-run on the virtual recorder holding a blank CD-R
# (tests/vdrive/dw-vdrive --medium cd-r --disc DIR): the Burn view lists
# /dev/sr0 and says the medium is a blank CD-R; an ISO burnt with "Leave
# open" through libburn's MMC path leaves it appendable (the burn view,
# the disc view and DIR/medium.json say so); the Author view's project
# burnt closing the disc becomes the second session and the disc is
# complete.  The disc is then read back by the CLI on the same recorder:
# `media` says closed with two sessions, `rip` of the first track gives
# the ISO byte for byte, and `extract` of the newest tree gives the ISO's
# files and the project's, byte for byte; xorriso (a reader we did not
# write) lists the same files.  Then a CD-RW: the ISO burnt closing it,
# and Blank Disc from the Burn view makes it blank again (/gui/recorder-blank).
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/burn_lib.sh"
tg="$top_builddir/tests/gui/test_gui"
command -v xvfb-run >/dev/null 2>&1 || skip_all "xvfb-run is missing (Debian package xvfb)"
command -v xauth >/dev/null 2>&1 || skip_all "xauth is missing (xvfb-run needs it)"
command -v dbus-run-session >/dev/null 2>&1 || skip_all "dbus-run-session is missing (Debian package dbus)"
[ -x "$tg" ] || skip_all "tests/gui/test_gui is not built (configured without the GUI)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# The ISO (about 300 blocks, random data) and the project's tree.
mkdir -p "$tmp/iso" "$tmp/tree/sub" "$tmp/disc"
mkiso "$tmp/iso" FIRST 300
head -c 150000 /dev/urandom >"$tmp/tree/p.bin"
echo "the second session" >"$tmp/tree/sub/note.txt"

GSETTINGS_SCHEMA_DIR="$top_builddir/gui/schemas"
GSETTINGS_BACKEND=memory
NO_AT_BRIDGE=1
DW_GUI_SHOTS="$top_builddir/tests/gui/screenshots"
DW_GUI_REC_ISO="$tmp/iso/FIRST.iso"
DW_GUI_REC_TREE="$tmp/tree"
DW_GUI_REC_DISC="$tmp/disc"
SOURCE_DATE_EPOCH=1700000000
# GTK's and X's own leaks are not ours.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND NO_AT_BRIDGE DW_GUI_SHOTS DW_GUI_REC_ISO DW_GUI_REC_TREE \
    DW_GUI_REC_DISC SOURCE_DATE_EPOCH ASAN_OPTIONS

timeout "$TO" xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
    "$vd" --medium cd-r --disc "$tmp/disc" -- "$tg" -p /gui/recorder >"$tmp/gui.log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$tmp/gui.log"
grep -q "^ok .* /gui/recorder" "$tmp/gui.log" && ! grep -q "# SKIP" "$tmp/gui.log"
ok $? "GUI: blank CD-R listed; the ISO burnt left open (appendable in the view and medium.json), the author project burnt closing it (complete) [$rc]"

test "$(rstatus "$tmp/disc")" = complete; ok $? "the recorder's record: complete"
test "$(mstatus "$tmp/disc" cd-r)" = closed && test "$(jget "$tmp/disc.media" "d['sessions']")" = 2
ok $? "discwright media: closed, two sessions"

mkdir "$tmp/rip"
rec cd-r "$tmp/disc" "$dw" rip /dev/sr0 -o "$tmp/rip/x" --format bincue >/dev/null 2>"$tmp/rip.err"; rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$tmp/rip.err"
# The first track's user data (Mode 1: 2048 bytes at 16 of each 2352-byte sector) is the ISO.
python3 - "$tmp/rip/x (Track 1).bin" "$tmp/rip/x.bin" "$tmp/iso/FIRST.iso" <<'PY'
import os, sys
src = sys.argv[1] if os.path.exists(sys.argv[1]) else sys.argv[2]
raw, iso = open(src, "rb").read(), open(sys.argv[3], "rb").read()
n = len(iso) // 2048
data = b"".join(raw[i * 2352 + 16:i * 2352 + 2064] for i in range(n))
sys.exit(0 if len(raw) >= n * 2352 and data == iso else 1)
PY
ok $? "rip: the first track holds the ISO byte for byte [$rc]"

rec cd-r "$tmp/disc" "$dw" extract /dev/sr0 -o "$tmp/x" >/dev/null 2>"$tmp/x.err"; rc=$?
same=$rc
cmp -s "$tmp/iso.src/data.bin" "$tmp/x/data.bin" || same=1
cmp -s "$tmp/iso.src/d/name.txt" "$tmp/x/d/name.txt" || same=1
cmp -s "$tmp/tree/p.bin" "$tmp/x/project/p.bin" || same=1
cmp -s "$tmp/tree/sub/note.txt" "$tmp/x/project/sub/note.txt" || same=1
[ $same = 0 ] || { sed 's/^/# /' "$tmp/x.err"; find "$tmp/x" | sed 's/^/# /'; }
ok $same "extract: the newest tree holds the ISO's files and the project's, byte for byte [$rc]"

if command -v xorriso >/dev/null 2>&1; then
    rec cd-r "$tmp/disc" xorriso -indev /dev/sr0 -find / -type f 2>/dev/null | sed -n "s|^'/\(.*\)'$|\1|p" | sort >"$tmp/xo"
    printf '%s\n' d/name.txt data.bin project/p.bin project/sub/note.txt >"$tmp/want"
    cmp -s "$tmp/want" "$tmp/xo" || sed 's/^/# /' "$tmp/xo"
    ok $? "xorriso -indev lists every file of both sessions"
fi
# A CD-RW: the ISO burnt closing it, then Blank Disc from the Burn view.
mkdir "$tmp/rw"
DW_GUI_REC_DISC="$tmp/rw"
timeout "$TO" xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
    "$vd" --medium cd-rw --disc "$tmp/rw" -- "$tg" -p /gui/recorder-blank >"$tmp/rw.log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$tmp/rw.log"
grep -q "^ok .* /gui/recorder-blank" "$tmp/rw.log" && ! grep -q "# SKIP" "$tmp/rw.log"
ok $? "GUI: the ISO burnt closing a CD-RW (complete, Burn disabled), Blank Disc makes it blank again [$rc]"
test "$(mstatus "$tmp/rw" cd-rw)" = blank; ok $? "discwright media: the CD-RW is blank"
check "screenshot burn-recorder-open.png written" test -s "$DW_GUI_SHOTS/burn-recorder-open.png"
check "screenshot burn-recorder-closed.png written" test -s "$DW_GUI_SHOTS/burn-recorder-closed.png"
check "screenshot burn-recorder-rw.png written" test -s "$DW_GUI_SHOTS/burn-recorder-rw.png"
done_testing
