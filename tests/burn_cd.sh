#!/bin/sh
# burn_cd.sh: discwright burns to a blank CD-R in the virtual recorder,
# through libburn's real drive path (SG_IO), and the disc is read back.
# An ISO track at once (closed, two run-out blocks after the data) and
# session at once with --multi (appendable): rip gives the ISO byte for
# byte.  The audio sample's redump BIN/CUE (pregaps, INDEX 02, ISRC,
# CATALOG, PRE/DCP, CD-TEXT in two languages through its CDTEXTFILE)
# burnt SAO: rip --format all of the burnt disc gives every BIN, the cue,
# the CD-TEXT file and the .ccd unchanged; `info` reports the same TOC,
# ISRCs, MCN and CD-TEXT as for the pressed sample; cdparanoia and cd-info
# (readers we did not write) list the same tracks.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/burn_lib.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
mkiso "$tmp" DATA 600
size=$(stat -c %s "$tmp/DATA.iso")
blocks=$((size / 2048))

# --- an ISO, track at once, no --multi -------------------------------------
mkdir "$tmp/tao"
rec cd-r "$tmp/tao" "$dw" burn "$tmp/DATA.iso" --drive /dev/sr0 --mode tao >/dev/null 2>"$tmp/err"; rc=$?
ok $rc "ISO burnt TAO to a blank CD-R [$rc]"
test $rc -eq 0 || sed 's/^/# /' "$tmp/err"
test "$(mstatus "$tmp/tao" cd-r)" = closed; ok $? "media: the CD-R is closed (no --multi)"
test "$(jget "$tmp/tao.media" "[(t['start'], t['blocks']) for t in d['tracks']]")" = "[(0, $((blocks + 2)))]"
ok $? "media: one track of the image plus two run-out blocks"
mkdir "$tmp/tao.rip" "$tmp/sao.rip" "$tmp/src" "$tmp/back"
rec cd-r "$tmp/tao" "$dw" rip /dev/sr0 -o "$tmp/tao.rip/x" --format iso,bincue >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 0 && cmp -s "$tmp/tao.rip/x.iso" "$tmp/DATA.iso"; ok $? "rip of the TAO CD-R gives the ISO byte for byte [$rc]"
python3 - "$tmp/tao.rip/x.dump.img" "$blocks" <<'PY'
import sys
img, n = open(sys.argv[1], "rb").read(), int(sys.argv[2])
mode = lambda lba: img[lba * 2352 + 15]
sync = lambda lba: img[lba * 2352:lba * 2352 + 12] == b"\0" + b"\xff" * 10 + b"\0"
sys.exit(0 if sync(n) and sync(n + 1) and mode(n - 1) == 1 and mode(n) == 0xE1 and mode(n + 1) == 0xC1 else 1)
PY
ok $? "raw: the data is Mode 1, the two blocks after it are run-out blocks 1 and 2"

# --- the same ISO session at once, --multi ---------------------------------
mkdir "$tmp/sao"
rec cd-r "$tmp/sao" "$dw" burn "$tmp/DATA.iso" --drive /dev/sr0 --mode sao --multi >/dev/null 2>"$tmp/err"; rc=$?
ok $rc "ISO burnt SAO --multi to a blank CD-R [$rc]"
test "$(mstatus "$tmp/sao" cd-r)" = appendable; ok $? "media: appendable after --multi"
test "$(jget "$tmp/sao.media" "(d['msc1'], d['nwa'])")" = "(0, $((blocks + 11400)))"
ok $? "media: the next session starts after a 6750-block lead-out, a lead-in and a pregap"
rec cd-r "$tmp/sao" "$dw" rip /dev/sr0 -o "$tmp/sao.rip/x" --format iso >/dev/null 2>&1; rc=$?
test $rc -eq 0 && cmp -s "$tmp/sao.rip/x.iso" "$tmp/DATA.iso"; ok $? "rip of the SAO CD-R gives the ISO byte for byte [$rc]"

# --- the audio sample's redump BIN/CUE, SAO ---------------------------------
"$vd" "$out/audio.ccd" -- "$dw" rip /dev/sr0 -o "$tmp/src/audio" --format all >/dev/null 2>&1; rc=$?
test $rc -eq 0 && grep -q '^CDTEXTFILE "audio.cdt"' "$tmp/src/audio.cue" && test -s "$tmp/src/audio.cdt"
ok $? "the audio sample ripped to redump BIN/CUE with its CD-TEXT file [$rc]"
mkdir "$tmp/audio"
rec cd-r "$tmp/audio" "$dw" burn "$tmp/src/audio.cue" --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
ok $rc "the cue sheet burnt SAO to a blank CD-R [$rc]"
test $rc -eq 0 || sed 's/^/# /' "$tmp/err"
test "$(mstatus "$tmp/audio" cd-r)" = closed; ok $? "media: closed"
rec cd-r "$tmp/audio" "$dw" rip /dev/sr0 -o "$tmp/back/audio" --format all >/dev/null 2>"$tmp/err"; rc=$?
ok $rc "rip --format all of the burnt disc [$rc]"
same=0
for i in 1 2 3 4 5; do
    cmp -s "$tmp/src/audio (Track $i).bin" "$tmp/back/audio (Track $i).bin" || { same=1; diag "track $i differs"; }
done
ok $same "every BIN byte for byte"
cmp -s "$tmp/src/audio.cue" "$tmp/back/audio.cue"; ok $? "the same cue sheet"
cmp -s "$tmp/src/audio.cdt" "$tmp/back/audio.cdt"; ok $? "the same CD-TEXT (both language blocks)"
diff -q "$tmp/src/audio.ccd" "$tmp/back/audio.ccd" >/dev/null; ok $? "the same .ccd (full TOC, indexes, ISRCs, MCN, CD-TEXT)"
"$vd" "$out/audio.ccd" -- "$dw" --json info /dev/sr0 >"$tmp/i1.json" 2>/dev/null
rec cd-r "$tmp/audio" "$dw" --json info /dev/sr0 >"$tmp/i2.json" 2>/dev/null
python3 - "$tmp/i1.json" "$tmp/i2.json" <<'PY'
import json, sys
a, b = ([json.loads(l) for l in open(p)][-1]["data"] for p in sys.argv[1:3])
bad = [k for k in ("sessions", "tracks", "mcn", "cdtext", "total_sectors") if a.get(k) != b.get(k)]
print("# differ: %s" % bad if bad else "# TOC, ISRCs, MCN and CD-TEXT agree")
sys.exit(1 if bad or len(a.get("cdtext") or []) != 2 else 0)
PY
ok $? "info: the burnt disc has the pressed sample's TOC, ISRCs, MCN and both CD-TEXT blocks"
if command -v cdparanoia >/dev/null 2>&1; then
    "$vd" "$out/audio.ccd" -- cdparanoia -Q -d /dev/sr0 2>&1 | grep -E '^ +[0-9]+\.' >"$tmp/p1"
    rec cd-r "$tmp/audio" cdparanoia -Q -d /dev/sr0 2>&1 | grep -E '^ +[0-9]+\.' >"$tmp/p2"
    test -s "$tmp/p1" && cmp -s "$tmp/p1" "$tmp/p2"; ok $? "cdparanoia lists the same tracks (lengths, starts, copy, pre-emphasis)"
else
    skip "cdparanoia not installed"
fi
if command -v cd-info >/dev/null 2>&1; then
    "$vd" "$out/audio.ccd" -- cd-info --no-cddb --no-device-info /dev/sr0 2>&1 |
        grep -E '^ +[0-9]+: |Media Catalog|ISRC|TITLE|PERFORMER' >"$tmp/c1"
    rec cd-r "$tmp/audio" cd-info --no-cddb --no-device-info /dev/sr0 2>&1 |
        grep -E '^ +[0-9]+: |Media Catalog|ISRC|TITLE|PERFORMER' >"$tmp/c2"
    test -s "$tmp/c1" && cmp -s "$tmp/c1" "$tmp/c2"; ok $? "cd-info: the same tracks, MCN, ISRCs and CD-TEXT"
else
    skip "cd-info not installed"
fi
done_testing
