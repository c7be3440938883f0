#!/bin/sh
# nrg_hostile.sh: Nero images pass our own footer check
# (disc/nrg_check.c) before libcdio's NRG driver sees them.
# - Malformed footers that make libcdio 2.1 abort (a footer longer than
#   4096 bytes), free twice (CD-TEXT its reader refuses) or write outside
#   its track table (no track list) end `info` and `rip` with exit 1 and a
#   message naming the file, and nothing is written.
# - Valid images (every footer layout tests/mknrg.py writes) still probe,
#   and a rip gives back the audio the image holds, as flac(1) decodes it;
#   a track-at-once gap the image does not store rips as silence.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
mk="$top_srcdir/tests/mknrg.py"
corpus="$top_srcdir/tests/fuzz/corpus/nrg"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
command -v python3 >/dev/null 2>&1 || skip_all "python3 missing"

# The report's input: random bytes, then "NER5" and a zero offset.
python3 -c "import os,sys; open(sys.argv[1],'wb').write(os.urandom(300000)+b'NER5'+bytes(8))" "$tmp/bad.nrg"
cp "$corpus/regress-cdtext-double-free" "$tmp/cdtext.nrg"
cp "$corpus/regress-no-tracks" "$tmp/notracks.nrg"
mkdir "$tmp/out"
refused() { # NRG WHAT
    for cmd in info rip; do
        if [ $cmd = rip ]; then
            timeout -k 5 120 "$dw" rip "$1" -o "$tmp/out/x" >/dev/null 2>"$tmp/err"
        else
            timeout -k 5 120 "$dw" info "$1" >/dev/null 2>"$tmp/err"
        fi
        rc=$?
        [ $rc = 1 ] && grep -q "^discwright: $1: malformed Nero image: .*$2" "$tmp/err"
        ok $? "$cmd $(basename "$1"): exit 1 (got $rc), says \"$2\""
        [ $rc = 1 ] || sed 's/^/#   /' "$tmp/err"
    done
}
refused "$tmp/bad.nrg" "the footer at byte 0 is 300012 bytes long; libcdio reads at most 4096"
refused "$tmp/cdtext.nrg" "CDTX chunk at byte 4744: CD-TEXT pack 0 starts block 0 without its size information"
refused "$tmp/notracks.nrg" "no tracks"
[ -z "$(ls "$tmp/out")" ]
ok $? "nothing written for them"
"$dw" --json info "$tmp/bad.nrg" 2>/dev/null | grep -q '"event":"error".*"exit_code":1.*malformed Nero image'
ok $? "--json: an error event with exit code 1"

# Valid images: every layout probes with its tracks and CD-TEXT.
for kind in etn2 etnf cuex cues; do
    python3 "$mk" "$tmp/$kind.nrg" --kind $kind --tracks 2 --sectors 30 --cdtext
    "$dw" --json info "$tmp/$kind.nrg" 2>"$tmp/err" | tail -n 1 >"$tmp/$kind.json"
    python3 - "$tmp/$kind.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["data"]
sys.exit(0 if len(d["tracks"]) == 2 and d["tracks"][0]["start"] == 0 and "Nero" in d.get("profile", "") else 1)
PY
    ok $? "info $kind.nrg: a Nero image of 2 tracks"
    [ $? = 0 ] || sed 's/^/#   /' "$tmp/err"
done

# A rip of a one-track image gives back its audio.
if command -v flac >/dev/null 2>&1; then
    python3 "$mk" "$tmp/one.nrg" --tracks 1 --sectors 40 --pcm "$tmp/one.pcm"
    "$dw" rip "$tmp/one.nrg" -o "$tmp/out/one" >/dev/null 2>"$tmp/err"
    rc=$?
    ok $rc "rip one.nrg: exit 0"
    [ $rc = 0 ] || sed 's/^/#   /' "$tmp/err"
    cmp -s "$tmp/out/one.bin" "$tmp/one.pcm"
    ok $? "rip one.nrg: the .bin holds the image's audio"
    flac -d -s -f --force-raw-format --endian=little --sign=signed -o "$tmp/dec.raw" "$tmp/out/one (Track 01).flac" &&
        cmp -s "$tmp/dec.raw" "$tmp/one.pcm"
    ok $? "rip one.nrg: flac -d of track 1 gives the same audio"
else
    ok 0 "# SKIP flac missing"
    ok 0 "# SKIP flac missing"
    ok 0 "# SKIP flac missing"
fi
# Track-at-once: libcdio puts a 150-sector gap the image does not store
# before track 2; the rip gives it as silence and both tracks' audio.
python3 "$mk" "$tmp/two.nrg" --tracks 2 --sectors 30 --pcm "$tmp/two.pcm"
"$dw" rip "$tmp/two.nrg" -o "$tmp/out/two" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 0 ] && python3 - "$tmp/out/two (Track 1).bin" "$tmp/out/two (Track 2).bin" "$tmp/two.pcm" <<'PY'
import sys
R = 2352
a, b, p = (open(f, "rb").read() for f in sys.argv[1:4])
sys.exit(0 if len(a) == 180 * R and a[:30 * R] == p[:30 * R] and a[30 * R:] == bytes(150 * R) and b == p[30 * R:] else 1)
PY
ok $? "rip two.nrg (track-at-once): both tracks' audio, the unstored gap as silence (exit $rc)"
done_testing
