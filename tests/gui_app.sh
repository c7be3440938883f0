#!/bin/sh
# gui_app.sh: discwright-gtk headless, on the virtual drive serving the
# audio sample (tracks, ISRCs, MCN, two-language CD-TEXT).  Runs
# tests/gui/test_gui under xvfb-run and dbus-run-session, three times:
#   1. start, views, and a rip from the GUI compared byte for byte with a
#      `discwright rip` of the same disc (made here first); the verify view
#      passes that rip, then reports the hash mismatch of a flipped byte;
#      an author project written from the GUI is read back by libiso9660
#      and libudfread; the DVD sample burnt to a stdio: drive with verify,
#      then a corrupted target reported by the verify view; the disc
#      view's writable-medium section for the drive, a blank and an ISO
#      stdio: file; the author project burnt to a stdio: file with verify,
#      equal to `discwright author` of the same project and date; a
#      bootable project (BIOS, EFI, hybrid) from the boot controls, equal
#      to `discwright author` with the same options, its El Torito, MBR
#      and GPT read back;
#      and issue 16's usability checks (tests/gui/test_gui_usability.c):
#      first contact, every control of every view in reach at the default
#      size and at 800x600, the capacity over a medium, the info bar's
#      actions when a rip or an image exists, Cancel in Author, Verify and
#      Burn, Verify clearing old results, plurals;
#   2. with the drive slowed to 1x: closing the window asks first; a
#      rip cancelled half way leaves a
#      resumable map and no output that looks complete;
#   3. Resume from the GUI finishes it, equal to the reference again, with
#      no settings schema to be found (the app runs on defaults);
#   4. discwright-gtk itself, started from the build tree without
#      GSETTINGS_SCHEMA_DIR, finds the schema beside it, runs and quits
#      through its D-Bus action.
# Screenshots of every view go to tests/gui/screenshots/ in the build tree
# (copy them to doc/screenshots/ in the source tree to refresh the README).
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
tg="$top_builddir/tests/gui/test_gui"
out="$top_builddir/samples/out"
command -v xvfb-run >/dev/null 2>&1 || skip_all "xvfb-run is missing (Debian package xvfb)"
command -v xauth >/dev/null 2>&1 || skip_all "xauth is missing (xvfb-run needs it)"
command -v dbus-run-session >/dev/null 2>&1 || skip_all "dbus-run-session is missing (Debian package dbus)"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed to read the ground truth"
[ -x "$tg" ] || skip_all "tests/gui/test_gui is not built"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
skip_one() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $1"; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

GSETTINGS_SCHEMA_DIR="$top_builddir/gui/schemas"
GSETTINGS_BACKEND=memory
NO_AT_BRIDGE=1
DW_GUI_SHOTS="$top_builddir/tests/gui/screenshots"
DW_GUI_SAMPLE=audio
DW_GUI_REF="$tmp/ref"
DW_GUI_OUT="$tmp/gui"
DW_GUI_EXPECT="$tmp/expect"
DW_GUI_BURN_IMAGE="$out/dvd.iso"
DW_GUI_CLI="$dw"
# Authored images are reproducible: the GUI's author engine reads this date.
SOURCE_DATE_EPOCH=1700000000
export DW_GUI_BURN_IMAGE DW_GUI_CLI SOURCE_DATE_EPOCH
DW_GUI_IMAGE="$out/mixed.ccd"
DW_GUI_IMAGE_TRACKS=$(python3 -c 'import json,sys;print(len(json.load(open(sys.argv[1]))["tracks"]))' "$out/mixed.truth.json")
DW_GUI_IMAGE_LABEL=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1])).get("label") or "")' "$out/mixed.truth.json")
export DW_GUI_IMAGE DW_GUI_IMAGE_TRACKS DW_GUI_IMAGE_LABEL
export GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND NO_AT_BRIDGE DW_GUI_SHOTS DW_GUI_SAMPLE DW_GUI_REF DW_GUI_OUT DW_GUI_EXPECT
# Sanitizer builds: GTK's and X's own leaks are not ours.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
mkdir -p "$DW_GUI_REF" "$DW_GUI_OUT" "$DW_GUI_SHOTS"

python3 - "$out/audio.truth.json" >"$DW_GUI_EXPECT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("tracks\t%d" % len(d["tracks"]))
if d.get("mcn"):
    print("mcn\t%s" % d["mcn"])
for t in d["tracks"]:
    if t.get("isrc"):
        print("isrc\t%d\t%s" % (t["number"], t["isrc"]))
for b in d.get("cdtext", []):
    for v in b.get("album", {}).values():
        print("text\t%s" % v)
    for tr in b.get("tracks", {}).values():
        for v in tr.values():
            print("text\t%s" % v)
PY
check "ground truth has ISRCs and CD-TEXT" grep -q '^text' "$DW_GUI_EXPECT"

"$vd" "$out/audio.ccd" -- "$dw" -q rip /dev/sr0 -o "$DW_GUI_REF/audio" --format all 2>"$tmp/ref.err"
ok $? "reference: discwright rip of the same disc"

# run_gui LOG [vdrive options] -- [test_gui options]
run_gui() {
    log=$1
    shift
    vopts=
    while [ $# -gt 0 ] && [ "$1" != -- ]; do vopts="$vopts $1"; shift; done
    [ $# -gt 0 ] && shift
    # shellcheck disable=SC2086
    xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
        "$vd" $vopts "$out/audio.ccd" -- "$tg" "$@" >"$log" 2>&1
    rc=$?
    [ $rc = 0 ] || sed 's/^/# /' "$log"
    return $rc
}

run_gui "$tmp/run1.log" -- -p /gui/start -p /gui/views -p /gui/image -p /gui/media-change -p /gui/author -p /gui/first-contact -p /gui/layout -p /gui/capacity -p /gui/plurals -p /gui/rip -p /gui/verify -p /gui/exists -p /gui/verify-clear -p /gui/cancel-jobs -p /gui/burn -p /gui/media -p /gui/author-burn -p /gui/author-boot
ok $? "GUI lists the drive, shows tracks, ISRCs, MCN and CD-TEXT; views; an image opened as a source; tray opened and closed seen by polling; an author project read back by libiso9660 and libudfread; rip equals discwright rip byte for byte; verify passes it (own checks, and against the disc in the drive), then reports a flipped byte both ways; burn to a stdio: drive with verify succeeds, a corrupted target is reported; media info of the drive, a blank and an ISO stdio: file; the author project burnt to a stdio: file with verify equals discwright author byte for byte; a bootable project (BIOS boot-info table, ESP appended or in the tree, hybrid GPT or MBR, hidden catalog) equals discwright author, El Torito/MBR/GPT read back, a missing boot image in the info bar"
for t in first-contact layout capacity plurals exists verify-clear cancel-jobs; do
    grep -q "^ok .* /gui/$t\$" "$tmp/run1.log"
    ok $? "usability: /gui/$t passed"
done
rm -rf "$DW_GUI_OUT"
mkdir -p "$DW_GUI_OUT"
run_gui "$tmp/run2.log" --speed 1 -- -p /gui/cancel
ok $? "GUI: closing during a rip asks first; cancel leaves a resumable map and no complete-looking output"
# No schema anywhere (test_gui is not beside the build tree's gui/schemas): defaults, no crash.
(
    unset GSETTINGS_SCHEMA_DIR
    DW_GUI_NO_SCHEMA=1
    export DW_GUI_NO_SCHEMA
    run_gui "$tmp/run3.log" -- -p /gui/resume
)
ok $? "GUI resume completes the rip, equal to discwright rip byte for byte (no settings schema installed)"
grep -q "settings will not be remembered" "$tmp/run3.log"
ok $? "without a schema the app says its settings will not be remembered"

# Audio (issue 17): database answers from the truth by tests/audio/ardb.py,
# on a drive with a read offset of +667 (tests/gui/test_gui_audio.c).
ardb="$top_srcdir/tests/audio/ardb.py"
cf="$top_srcdir/tests/audio/check_files.py"
db="$tmp/db-audio"
python3 "$ardb" make "$out/audio.truth.json" "$out/audio.img" "$db" --other 30 &&
    python3 "$ardb" offsets "$tmp/DriveOffsets.bin" "DISCWRIG" "VIRTUAL DRIVE" 667 "HL-DT-ST" "DVDRAM GH24NSD1" 6 &&
    python3 - "$db/expected.json" "$tmp/audio-expect" "$tmp/release.json" <<'PY'
import json, sys
exp = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    for t in exp["tracks"]:
        f.write("%d %s %d %d %d %d %s\n" % (t["number"], t["ar"] or "-", t["ar_confidence"], t["ar_total"],
                                            t["ctdb_confidence"], t["ctdb_total"], t["crc32"]))
credit = lambda n: [{"name": n, "joinphrase": "", "artist": {"name": n}}]
tracks = [{"position": i + 1, "number": str(i + 1), "title": "Tone Nº %d" % (i + 1),
           "artist-credit": credit("Oscillator %d" % (i + 1)), "recording": {"title": "x", "isrcs": []}}
          for i in range(len(exp["tracks"]))]
rel = {"id": "11111111-2222-3333-4444-555555555555", "title": "Test Tones (Remaster)", "date": "2026-01-02",
       "artist-credit": credit("The Samples"), "media": [{"position": 1, "format": "CD", "tracks": tracks}]}
json.dump(rel, open(sys.argv[3], "w"), ensure_ascii=False)
PY
ok $? "AccurateRip and CTDB answers, drive offset list and a MusicBrainz release made from the truth (ardb.py)"
rm -rf "$DW_GUI_OUT"
mkdir -p "$DW_GUI_OUT"
(
    DW_GUI_ARDB="$db"
    DW_GUI_CTDB="$db/ctdb.xml"
    DW_GUI_OFFSETS="$tmp/DriveOffsets.bin"
    DW_GUI_RELEASE="$tmp/release.json"
    DW_GUI_AUDIO_EXPECT="$tmp/audio-expect"
    export DW_GUI_ARDB DW_GUI_CTDB DW_GUI_OFFSETS DW_GUI_RELEASE DW_GUI_AUDIO_EXPECT
    run_gui "$tmp/run-audio.log" --offset 667 -- -p /gui/rip-audio
)
ok $? "GUI audio rip: every track Accurate with ardb.py's AccurateRip/CTDB confidence in the track table (model and drawn), offset +667 found by AccurateRip; without databases every track read twice with test CRC = copy CRC = ardb.py's, offset from the drive list, WAV files"
grep -q "^ok .* /gui/rip-audio\$" "$tmp/run-audio.log"
ok $? "/gui/rip-audio ran and passed (not skipped)"
if command -v flac >/dev/null 2>&1 && command -v metaflac >/dev/null 2>&1; then
    check "GUI FLAC files decode (flac -d) to exactly each track's audio" \
        python3 "$cf" pcm "$out/audio.truth.json" "$out/audio.img" "$DW_GUI_OUT/ar/audio" flac flac
    check "GUI FLAC tags (metaflac) are the MusicBrainz release's" \
        python3 "$cf" tags "$out/audio.truth.json" "$DW_GUI_OUT/ar/audio" "$tmp/release.json"
else
    skip_one "flac and metaflac are not installed"
    skip_one "flac and metaflac are not installed"
fi
check "GUI WAV files hold exactly each track's audio" \
    python3 "$cf" pcm "$out/audio.truth.json" "$out/audio.img" "$DW_GUI_OUT/wav/audio" wav wav

# The program from the build tree, as a developer starts it: no GSETTINGS_SCHEMA_DIR.
app="$top_builddir/gui/discwright-gtk"
cat >"$tmp/start.sh" <<'EOF'
"$1" >"$2" 2>&1 &
pid=$!
i=0
until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner org.discwright.Discwright 2>/dev/null | grep -q true; do
    i=$((i + 1))
    [ $i -gt 600 ] && { kill $pid; exit 3; }
    kill -0 $pid 2>/dev/null || exit 4
    sleep 0.1
done
gdbus call --session --dest org.discwright.Discwright --object-path /org/discwright/Discwright \
    --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null || exit 5
wait $pid
EOF
if command -v gdbus >/dev/null 2>&1; then
    (
        unset GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND
        XDG_CONFIG_HOME="$tmp/config"
        export XDG_CONFIG_HOME
        xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- sh "$tmp/start.sh" "$app" "$tmp/app.log"
    )
    rc=$?
    [ $rc = 0 ] || sed 's/^/# /' "$tmp/app.log"
    ok $rc "discwright-gtk from the build tree starts without GSETTINGS_SCHEMA_DIR and quits (status $rc)"
    ! grep -q "GLib-GIO-ERROR\|not installed" "$tmp/app.log"
    ok $? "it found the build tree's schema (no GIO error, no fallback)"
else
    skip_one "gdbus is missing (Debian package libglib2.0-bin)"
    skip_one "gdbus is missing (Debian package libglib2.0-bin)"
fi
for v in disc disc-image rip rip-running jobs author author-boot burn burn-project medium verify \
         disc-800 rip-800 author-800 burn-800 verify-800 jobs-800 author-boot-open author-over rip-exists \
         burn-cancelled verify-iso rip-databases rip-accurate rip-test-copy; do
    check "screenshot $v.png written" test -s "$DW_GUI_SHOTS/$v.png"
done
done_testing
