#!/bin/sh
# verify_audio.sh: AccurateRip v1/v2 and Frame450 track CRCs, the
# AccurateRip disc ids, CDDB id, CTDB TOC id and CRC and the MusicBrainz
# disc id of the audio, mixed and enhanced samples must equal what an
# independent Python implementation (tests/verify/audiosums.py) computes
# from the definitions; a redump cue of the same disc gives the same; a
# local AccurateRip database file in its binary format is checked per
# track.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
out="$top_builddir/samples/out"
py="$top_srcdir/tests/verify/audiosums.py"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

sums() { "$dw" verify --audio "$1" 2>/dev/null | grep '^info  *audio ' | cut -c21-; }
for n in audio mixed enhanced; do
    sums "$out/$n.ccd" >"$tmp/$n.dw"
    python3 "$py" "$out/$n.truth.json" "$out/$n.img" >"$tmp/$n.py"
    [ -s "$tmp/$n.dw" ] && diff "$tmp/$n.py" "$tmp/$n.dw" >"$tmp/$n.diff"; rc=$?
    sed 's/^/# /' "$tmp/$n.diff"
    ok $rc "$n: every audio checksum equals the Python implementation's"
done

python3 "$top_srcdir/tests/verify/split.py" "$out/audio.truth.json" "$out/audio.img" "$tmp" "Audio" || exit 1
sums "$tmp/Audio.cue" >"$tmp/cue.dw"
diff "$tmp/audio.dw" "$tmp/cue.dw" >/dev/null; ok $? "the redump cue of the disc gives the same sums"

# One long track, so that Frame450 is defined.
ln -s "$out/audio.img" "$tmp/long.bin"
printf 'FILE "long.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n' >"$tmp/long.cue"
sums "$tmp/long.cue" >"$tmp/long.dw"
python3 "$py" single:2062 "$out/audio.img" >"$tmp/long.py"
diff "$tmp/long.py" "$tmp/long.dw" >/dev/null && ! grep -q "frame450 00000000" "$tmp/long.dw"
ok $? "one long track: Frame450 (non-zero) and the rest agree"

# AccurateRip database files: a foreign record first, then ours.
mkdb() {
    python3 - "$tmp/audio.py" "$1" "$2" <<'PY'
import re, struct, sys
lines = open(sys.argv[1]).read().split("\n")
n, a, b, c = re.search(r"disc id (\d+)-(\w+)-(\w+)-(\w+)", lines[0]).groups()
tracks = [re.search(r"v1 (\w+) v2 (\w+) frame450 (\w+)", l).groups() for l in lines if "track" in l]
bad = int(sys.argv[3])
out = struct.pack("<BIII", 2, 1, 2, 3) + struct.pack("<BII", 1, 0, 0) * 2
out += struct.pack("<BIII", int(n), int(a, 16), int(b, 16), int(c, 16))
for k, (v1, v2, f) in enumerate(tracks):
    crc = int(v2, 16) if k % 2 == 0 else int(v1, 16)
    out += struct.pack("<BII", 7, crc ^ (1 if k + 1 == bad else 0), int(f, 16))
open(sys.argv[2], "wb").write(out)
PY
}
mkdb "$tmp/good.bin" 0
"$dw" verify --accuraterip-db "$tmp/good.bin" "$out/audio.ccd" >"$tmp/g.txt" 2>&1; rc=$?
[ $rc = 0 ] && [ "$(grep -c '^ok .*accurately ripped' "$tmp/g.txt")" = 5 ]; ok $? "a database with our CRCs: 5 tracks accurate (exit $rc)"
grep -q "track 2 accurately ripped (v1, confidence 7)" "$tmp/g.txt"; ok $? "v1 CRCs are recognised too"
mkdb "$tmp/bad.bin" 3
"$dw" --json verify --accuraterip-db "$tmp/bad.bin" "$out/audio.ccd" >"$tmp/b.json" 2>/dev/null; rc=$?
python3 - "$tmp/b.json" <<'PY'; ok $? "one wrong CRC in the database: track 3 only (exit $rc)"
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]["findings"]
bad = [f["track"] for f in r if f["severity"] == "error"]
sys.exit(0 if bad == [3] else 1)
PY
head -c 30 "$tmp/good.bin" >"$tmp/short.bin"
"$dw" verify --accuraterip-db "$tmp/short.bin" "$out/audio.ccd" >/dev/null 2>"$tmp/e.txt"; [ $? = 1 ] && grep -q short.bin "$tmp/e.txt"
ok $? "a truncated database file is refused, naming it"
done_testing
