#!/bin/sh
# gui_library.sh: the GUI's Library view (tests/gui/test_gui_library.c)
# over a small catalog made here the way a user makes one: the audio,
# mode1 and DVD samples ripped with `discwright rip` and recorded with
# `discwright catalog add`, in the default catalog of a temporary
# XDG_DATA_HOME.  The view searches, shows a disc's files and history,
# re-verifies every disc (all intact), then names the file whose byte the
# test flips.  What the view recorded is read back here with sqlite3:
# every file checked twice, exactly one check "changed", on that file.
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
xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
    "$vd" "$out/audio.ccd" -- "$tg" -p /gui/library >"$tmp/gui.log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$tmp/gui.log"
ok $rc "Library view: default catalog opened, search, details, re-verify all intact, then the flipped byte named as changed"
grep -q "^ok .* /gui/library$" "$tmp/gui.log"
ok $? "/gui/library ran and passed"
nf=$(sql 'SELECT count(*) FROM files')
check "every file was checked twice by the view ($nf files)" test "$(sql 'SELECT count(*) FROM checks')" = $((nf * 2))
check "exactly one check found a change, on the flipped file" test \
    "$(sql "SELECT f.name FROM checks c JOIN files f ON f.id = c.file_id WHERE c.status <> 'ok'")" = "audio (Track 2).bin"
check "two verify runs recorded per disc" test "$(sql 'SELECT count(*) FROM verify_runs')" = 6
check "the catalog passes PRAGMA integrity_check" test "$(sql 'PRAGMA integrity_check')" = ok
check "screenshots library.png and library-changed.png written" \
    test -s "$DW_GUI_SHOTS/library.png" -a -s "$DW_GUI_SHOTS/library-changed.png"
done_testing
