#!/bin/sh
# gui_library.sh: the GUI's Library view (tests/gui/test_gui_library.c)
# over a small catalog made here the way a user makes one: the audio,
# mode1 and DVD samples ripped with `discwright rip` and recorded with
# `discwright catalog add`, in the default catalog of a temporary
# XDG_DATA_HOME.  The view searches, shows a disc's files and history,
# re-verifies every disc (all intact), then names the file whose byte the
# test flips.  What the view recorded is read back here with sqlite3:
# every file checked twice, exactly one check "changed", on that file.
# Then a batch from the view's "Archive discs" panel on a changer drive
# (/dev/sr2, two discs): both recorded, the list grows, Stop ends it.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
tg="$top_builddir/tests/gui/test_gui"
out="$top_builddir/samples/out"
command -v xvfb-run >/dev/null 2>&1 || skip_all "xvfb-run is missing (Debian package xvfb)"
command -v xauth >/dev/null 2>&1 || skip_all "xauth is missing (xvfb-run needs it)"
command -v dbus-run-session >/dev/null 2>&1 || skip_all "dbus-run-session is missing (Debian package dbus)"
command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 program (package sqlite3) is needed to read the catalog"
[ -x "$tg" ] || skip_all "tests/gui/test_gui is not built"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

XDG_DATA_HOME=$tmp/data
GSETTINGS_SCHEMA_DIR="$top_builddir/gui/schemas"
GSETTINGS_BACKEND=memory
NO_AT_BRIDGE=1
DW_GUI_SHOTS="$top_builddir/tests/gui/screenshots"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export XDG_DATA_HOME GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND NO_AT_BRIDGE DW_GUI_SHOTS ASAN_OPTIONS
CAT=$XDG_DATA_HOME/discwright/catalog.sqlite
sql() { sqlite3 -batch "$CAT" "$1"; }

for s in audio mode1 dvd; do
    img="$out/$s.ccd"
    [ "$s" = dvd ] && img="$out/dvd.iso"
    mkdir -p "$tmp/rips/$s"
    "$dw" -q rip "$img" -o "$tmp/rips/$s/$s" 2>"$tmp/rip-$s.err" && "$dw" -q catalog add "$tmp/rips/$s/$s" 2>>"$tmp/rip-$s.err"
    ok $? "$s: ripped and recorded with catalog add (default catalog)"
done
check "the default catalog holds 3 discs" test "$(sql 'SELECT count(*) FROM discs')" = 3

DW_GUI_LIBRARY_FLIP="$tmp/rips/audio/audio (Track 2).bin"
DW_GUI_LIBRARY_FLIP_BASE="$tmp/rips/audio/audio"
export DW_GUI_LIBRARY_FLIP DW_GUI_LIBRARY_FLIP_BASE
[ -f "$DW_GUI_LIBRARY_FLIP" ] || { ok 1 "the file to flip exists"; done_testing; }
# /dev/sr0 for the window; /dev/sr2, a changer of two discs, for the batch.
DW_GUI_LIBRARY_ARCHIVE=/dev/sr2
DW_GUI_LIBRARY_ARCHIVE_DIR=$tmp/library
DW_GUI_LIBRARY_ARCHIVE_DISCS=2
DW_VDRIVE_CHANGER_MS=100
export DW_GUI_LIBRARY_ARCHIVE DW_GUI_LIBRARY_ARCHIVE_DIR DW_GUI_LIBRARY_ARCHIVE_DISCS DW_VDRIVE_CHANGER_MS
printf '/dev/sr0 %s\n/dev/sr2 %s\n/dev/sr2 %s\n' "$out/audio.ccd" "$out/mode1.ccd" "$out/mode2xa.ccd" >"$tmp/changer"
xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
    "$vd" --changer "$tmp/changer" --changer-state "$tmp/changer.state" -- \
    "$tg" -p /gui/library -p /gui/library-archive >"$tmp/gui.log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$tmp/gui.log"
ok $rc "Library view: default catalog opened, search, details, re-verify all intact, then the flipped byte named as changed"
grep -q "^ok .* /gui/library$" "$tmp/gui.log"
ok $? "/gui/library ran and passed"
grep -q "^ok .* /gui/library-archive$" "$tmp/gui.log"
ok $? "/gui/library-archive ran and passed: a batch of 2 discs on /dev/sr2 from the Archive panel, stopped"
nf=$(sql "SELECT count(*) FROM files f JOIN discs d ON d.id = f.disc_id WHERE d.source <> 'archive'")
check "every file was checked twice by the view ($nf files)" test "$(sql 'SELECT count(*) FROM checks')" = $((nf * 2))
check "exactly one check found a change, on the flipped file" test \
    "$(sql "SELECT f.name FROM checks c JOIN files f ON f.id = c.file_id WHERE c.status <> 'ok'")" = "audio (Track 2).bin"
check "two verify runs recorded per disc" test "$(sql 'SELECT count(*) FROM verify_runs')" = 6
check "the batch recorded its 2 discs (source archive), ripped into the library folder" test \
    "$(sql "SELECT count(*) FROM discs WHERE source = 'archive' AND base LIKE '$tmp/library/%'")" = 2
check "the catalog passes PRAGMA integrity_check" test "$(sql 'PRAGMA integrity_check')" = ok
check "screenshots library.png, library-changed.png and library-archive.png written" \
    test -s "$DW_GUI_SHOTS/library.png" -a -s "$DW_GUI_SHOTS/library-changed.png" -a -s "$DW_GUI_SHOTS/library-archive.png"
done_testing
