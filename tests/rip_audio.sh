#!/bin/sh
# rip_audio.sh: audio CDs ripped the way archivists check them.  The
# expected values come from tests/audio/ardb.py, an independent
# implementation that builds the AccurateRip response, the CTDB answer and
# the drive offset list from the samples' ground truth; the track files
# are checked with flac, ffmpeg, metaflac, cueprint and cuebreakpoints
# (tests/audio/check_files.py).
#  - audio and mixed samples on drives with read offsets 0, +667 and
#    -1164: --offset auto finds the offset from the AccurateRip records,
#    every track is accurate (v1/v2) with the expected confidence, CTDB
#    agrees, the BINs are the disc's, no track is read twice;
#  - the offset from the drive offset list, and measured on a data track;
#  - without databases every track is read twice (test CRC = copy CRC);
#  - FLAC files decode to exactly the track audio, tags match CD-TEXT or a
#    MusicBrainz release, the FLAC cue sheet describes the disc to
#    cueprint, cuebreakpoints and our own reader; WAV; de-emphasis;
#    a hidden track; another pressing's offset; verify with the
#    databases; the log's checksum, broken by a one-byte edit;
#  - --online against a loopback HTTP server, then from the cache.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
ardb="$top_srcdir/tests/audio/ardb.py"
cf="$top_srcdir/tests/audio/check_files.py"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
FLAC=${FLAC:-$(command -v flac)}
METAFLAC=${METAFLAC:-$(command -v metaflac)}
CUEPRINT=${CUEPRINT:-$(command -v cueprint)}
FFMPEG=${FFMPEG:-$(command -v ffmpeg)}
export FLAC METAFLAC CUEPRINT FFMPEG
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"; [ -n "$srv" ] && kill "$srv" 2>/dev/null' EXIT
srv=

# rip SAMPLE DIR [vdrive options] -- [rip options]
rip() {
    name=$1 dir=$2
    shift 2
    mkdir -p "$dir"
    vopts=
    while [ $# -gt 0 ] && [ "$1" != -- ]; do vopts="$vopts $1"; shift; done
    [ $# -gt 0 ] && shift
    # shellcheck disable=SC2086
    "$vd" $vopts "$out/$name.ccd" -- "$dw" -q rip /dev/sr0 -o "$dir/$name" "$@" 2>"$dir/err"
}
jq_() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
check_outputs() {
    name=$1 dir=$2
    "$dw" --json info "$dir/$name.cue" >"$dir/cue.json" 2>>"$dir/err" &&
        "$dw" --json info "$dir/$name.ccd" >"$dir/ccd.json" 2>>"$dir/err" &&
        python3 "$top_srcdir/tests/rip_check.py" "$out/$name.truth.json" "$out/$name.img" "$dir/$name" \
            "$dir/cue.json" "$dir/ccd.json"
}
check_bincue() {
    "$dw" --json info "$2/$1.cue" >"$2/cue.json" 2>>"$2/err" &&
        python3 "$top_srcdir/tests/rip_check.py" "$out/$1.truth.json" "$out/$1.img" "$2/$1" "$2/cue.json"
}
# Per track: AccurateRip version/confidence/total and CTDB confidence/total
# as expected.json says, the copy CRC, and whether it was read twice.
proof_ok() {
    python3 - "$1" "$2" "$3" <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))["audio"]["tracks"]
exp = json.load(open(sys.argv[2]))["tracks"]
tested = sys.argv[3]
bad = []
for g, e in zip([t for t in got if t["number"]], exp):
    ar = g["accuraterip"]
    w = (e["ar"], e["ar_confidence"], e["ar_total"], e["ctdb_confidence"], e["ctdb_total"], e["crc32"])
    h = (ar["match"], ar["confidence"], ar["total"], g["ctdb"]["confidence"], g["ctdb"]["total"], g["copy_crc"])
    if w != h:
        bad.append("track %d: got %s, expected %s" % (g["number"], h, w))
    if tested in ("yes", "no") and g["tested"] != (tested == "yes"):
        bad.append("track %d: tested %s" % (g["number"], g["tested"]))
if len([t for t in got if t["number"]]) != len(exp):
    bad.append("%d tracks, expected %d" % (len(got), len(exp)))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

# ---- databases built from the truth --------------------------------------
for s in audio mixed; do
    python3 "$ardb" make "$out/$s.truth.json" "$out/$s.img" "$tmp/db-$s" --other 30 || exit 1
done
python3 "$ardb" offsets "$tmp/DriveOffsets.bin" "PIONEER" "BD-RW   BDR-XD05" 667 "DISCWRIG" "VIRTUAL DRIVE" 667 \
    "HL-DT-ST" "DVDRAM GH24NSD1" 6 || exit 1

# ---- offsets found by AccurateRip, every track proven -----------------------
for s in audio mixed; do
    for off in 0 667 -1164; do
        d="$tmp/$s$off"
        rip "$s" "$d" --offset "$off" -- --format all --accuraterip-db "$tmp/db-$s" --ctdb "$tmp/db-$s/ctdb.xml"
        ok $? "$s, drive offset $off: rip exits 0"
        got=$(jq_ "$d/$s.json" "'%d %s' % (d['offset']['samples'], d['offset']['source'])")
        check "$s, drive offset $off: --offset auto finds it from AccurateRip (got $got)" test "$got" = "$off accuraterip"
        check "$s, drive offset $off: every track accurate with the expected AccurateRip/CTDB confidence, not read twice" \
            proof_ok "$d/$s.json" "$tmp/db-$s/expected.json" no
        [ "$off" = 0 ] || check "$s, drive offset $off: BINs, cue, ccd, ISO and hashes are the disc's" check_outputs "$s" "$d"
    done
done
reads=$(jq_ "$tmp/audio667/audio.json" "d['sectors']['reads'] - d['sectors']['total']")
check "a disc AccurateRip proves is read once (+$reads sectors of lead-out)" test "$reads" -le 4
check "the log says how the offset was found" grep -q "^Read offset *: +667 samples (found by matching AccurateRip" \
    "$tmp/audio667/audio.log"

# ---- offset from the drive list; measured on a data track ---------------------
d="$tmp/list"
rip audio "$d" --offset 667 -- --drive-offsets "$tmp/DriveOffsets.bin" --format bincue
ok $? "drive offset list: rip exits 0"
got=$(jq_ "$d/audio.json" "'%d %s' % (d['offset']['samples'], d['offset']['source'])")
check "drive offset list: +667 from the entry for DISCWRIG VIRTUAL DRIVE (got $got)" test "$got" = "667 drive-list"
check "drive offset list: BINs and cue are the disc's" check_bincue audio "$d"
# No database: every track is read twice, and test and copy agree.
check "no database: every track read twice (test and copy)" python3 - "$d/audio.json" "$d/audio.log" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
tr = [t for t in d["audio"]["tracks"] if t["number"]]
log = open(sys.argv[2]).read()
blocks = re.findall(r"\nTrack +(\d+)\n\n(.*?)(?=\nTrack |\nSummary)", log, re.S)
ok = len(tr) == 5 and all(t["tested"] and t["test_crc"] == t["copy_crc"] for t in tr) and len(blocks) == 5
for n, b in blocks:
    t = re.search(r"Test CRC +([0-9A-F]{8})", b)
    c = re.search(r"Copy CRC +([0-9A-F]{8})", b)
    ok = ok and t and c and t.group(1) == c.group(1) and "AccurateRip" in b and "CTDB" in b and "Copy OK" in b
ok = ok and d["sectors"]["reads"] >= 2 * d["sectors"]["total"]
sys.exit(0 if ok else 1)
PY
d="$tmp/data"
rip mixed "$d" --offset -1164 -- --format bincue
ok $? "mixed without databases: rip exits 0"
got=$(jq_ "$d/mixed.json" "'%d %s' % (d['offset']['samples'], d['offset']['source'])")
check "mixed without databases: -1164 measured on the data track (got $got)" test "$got" = "-1164 data-track"

# ---- the track files -------------------------------------------------------------
a="$tmp/audio667/audio"
if [ -n "$FLAC" ]; then
    check "FLAC: flac -d gives exactly each track's audio" python3 "$cf" pcm "$out/audio.truth.json" "$out/audio.img" "$a" flac flac
    check "FLAC (mixed, -1164): flac -d gives exactly each audio track" \
        python3 "$cf" pcm "$out/mixed.truth.json" "$out/mixed.img" "$tmp/mixed-1164/mixed" flac flac
else
    skip "flac is not installed" 2
fi
if [ -n "$FFMPEG" ]; then
    check "FLAC: ffmpeg decodes the same" python3 "$cf" pcm "$out/audio.truth.json" "$out/audio.img" "$a" flac ffmpeg
else
    skip "ffmpeg is not installed"
fi
if [ -n "$METAFLAC" ]; then
    check "FLAC: metaflac reads the CD-TEXT tags, ISRC, CATALOG, PRE-EMPHASIS" python3 "$cf" tags "$out/audio.truth.json" "$a"
else
    skip "metaflac is not installed"
fi
"$dw" --json info "$a.flac.cue" >"$tmp/flaccue.json" 2>"$tmp/flaccue.err"
if [ -n "$CUEPRINT" ] && command -v cuebreakpoints >/dev/null 2>&1; then
    check "FLAC cue: cueprint, cuebreakpoints and our reader describe the disc's tracks, indexes and ISRCs" \
        python3 "$cf" cue "$out/audio.truth.json" "$a.flac.cue" "$tmp/flaccue.json" "$out/audio.img"
else
    skip "cuetools (cueprint) is not installed"
fi
check "the hash sidecar lists the track files and their cue" sh -c "grep -q 'audio (Track 05).flac' '$a.hash' && grep -q 'audio.flac.cue' '$a.hash'"

# Images as sources: WAV, metadata, de-emphasis, a hidden track.
d="$tmp/wav"
mkdir -p "$d"
"$dw" -q rip "$out/audio.ccd" -o "$d/audio" --audio wav --format bincue 2>"$d/err"
ok $? "WAV: rip of the image exits 0"
check "WAV: each file's data is exactly the track's audio" python3 "$cf" pcm "$out/audio.truth.json" "$out/audio.img" "$d/audio" wav wav
check "WAV: the cue sheet names the WAV files" grep -q 'FILE "audio (Track 01).wav" WAVE' "$d/audio.wav.cue"

python3 - "$tmp/release.json" "$tmp/db-audio/expected.json" <<'PY'
import json, sys
exp = json.load(open(sys.argv[2]))
def credit(*names):
    return [{"name": n, "joinphrase": " & " if i + 1 < len(names) else "", "artist": {"name": n}} for i, n in enumerate(names)]
tracks = [{"position": i + 1, "number": str(i + 1), "title": "Tone Nº %d" % (i + 1),
           "artist-credit": credit("Oscillator %d" % (i + 1)),
           "recording": {"title": "x", "isrcs": ["QZAAA260000%d" % (i + 1)]}} for i in range(5)]
rel = {"id": "11111111-2222-3333-4444-555555555555", "title": "Test Tones (Remaster)", "date": "2026-01-02",
       "barcode": "4006381333931", "artist-credit": credit("The Samples", "Friends"),
       "media": [{"position": 1, "format": "CD", "discs": [], "tracks": tracks[:3]},
                 {"position": 2, "format": "CD", "discs": [{"id": "nope"}], "tracks": tracks}]}
json.dump(rel, open(sys.argv[1], "w"), ensure_ascii=False)
PY
d="$tmp/meta"
mkdir -p "$d"
"$dw" -q rip "$out/audio.ccd" -o "$d/audio" --metadata "$tmp/release.json" --flac-level 8 --format bincue 2>"$d/err"
ok $? "--metadata: rip exits 0"
if [ -n "$METAFLAC" ]; then
    check "--metadata: metaflac reads the release's titles, artists, album, disc number (ISRC from the disc first)" \
        python3 "$cf" tags "$out/audio.truth.json" "$d/audio" "$tmp/release.json"
else
    skip "metaflac is not installed"
fi
check "--metadata: the cue sheet has the release's titles" grep -q 'TITLE "Test Tones (Remaster)"' "$d/audio.flac.cue"

d="$tmp/deemph"
mkdir -p "$d"
"$dw" -q rip "$out/audio.ccd" -o "$d/audio" --deemphasis --format bincue 2>"$d/err"
ok $? "--deemphasis: rip exits 0"
if [ -n "$FLAC" ]; then
    check "--deemphasis: track 2 (PRE) decodes to the de-emphasised audio, the others unchanged" \
        python3 "$cf" pcm "$out/audio.truth.json" "$out/audio.img" "$d/audio" flac flac --deemph 2
else
    skip "flac is not installed"
fi
check "--deemphasis: the cue no longer flags PRE, the BIN keeps the disc's audio" sh -c \
    "! grep -q 'FLAGS PRE' '$d/audio.flac.cue' && grep -q 'PRE' '$d/audio.cue' && cmp -s '$d/audio (Track 2).bin' '$tmp/audio0/audio (Track 2).bin'"
check "without --deemphasis the log flags pre-emphasis as kept" grep -q "Pre-emphasis *yes, kept" "$tmp/audio0/audio.log"

if [ -f "$out/htoa.ccd" ]; then
    d="$tmp/htoa"
    rip htoa "$d" -- --format bincue
    ok $? "hidden track: rip exits 0"
    if [ -n "$FLAC" ]; then
        check "hidden track: Track 00 holds the audio before track 1, every file decodes exactly" \
            python3 "$cf" pcm "$out/htoa.truth.json" "$out/htoa.img" "$d/htoa" flac flac
    else
        skip "flac is not installed"
    fi
    "$dw" --json info "$d/htoa.flac.cue" >"$d/fi.json" 2>>"$d/err"
    check "hidden track: the cue puts track 1's INDEX 00 in Track 00 (our reader agrees with the truth)" \
        sh -c "grep -q 'htoa (Track 00).flac' '$d/htoa.flac.cue' && python3 '$cf' cue '$out/htoa.truth.json' '$d/htoa.flac.cue' '$d/fi.json' '$out/htoa.img'"
    check "hidden track: tested too (test CRC = copy CRC for track 0)" python3 -c "
import json; t=json.load(open('$d/htoa.json'))['audio']['tracks'][0]
assert t['number'] == 0 and t['tested'] and t['test_crc'] == t['copy_crc'] and t['file'] == 'htoa (Track 00).flac'"
fi

# ---- another pressing; verify with the databases ---------------------------------
python3 "$ardb" make "$out/audio.truth.json" "$out/audio.img" "$tmp/db-other" --other -588 --only-other || exit 1
d="$tmp/other"
mkdir -p "$d"
"$dw" -q rip "$out/audio.ccd" -o "$d/audio" --accuraterip-db "$tmp/db-other" --format bincue 2>"$d/err"
ok $? "another pressing only: rip exits 0"
check "another pressing only: each track accurate at a -588 sample offset (v1, confidence 3)" python3 -c "
import json; t=[x['accuraterip'] for x in json.load(open('$d/audio.json'))['audio']['tracks']]
assert all(a['match'] is None and a['other_offset'] == -588 and a['other_confidence'] == 3 for a in t), t"
check "another pressing only: the log says so" grep -q "accurate with a -588 sample offset (another pressing" "$d/audio.log"
"$dw" verify --accuraterip-db "$tmp/db-audio" --ctdb "$tmp/db-audio/ctdb.xml" "$tmp/audio0/audio.cue" >"$tmp/v.txt" 2>&1
rc=$?
check "verify with the databases: 5 tracks accurate in AccurateRip and in CTDB (exit $rc)" sh -c \
    "[ $rc = 0 ] && [ \$(grep -c '^ok .*accuraterip.*accurately ripped' '$tmp/v.txt') = 5 ] && [ \$(grep -c '^ok .*ctdb .*track' '$tmp/v.txt') = 5 ]"
"$dw" verify --accuraterip-db "$tmp/db-other" "$tmp/audio0/audio.cue" >"$tmp/v2.txt" 2>&1
check "verify: another pressing's offset is reported" grep -q "accurate only with a -588 sample offset" "$tmp/v2.txt"

# ---- the log's checksum ------------------------------------------------------------
"$dw" -q verify "$tmp/audio0/audio.log" >/dev/null 2>&1
ok $? "verify BASE.log: the checksum matches"
cp "$tmp/audio0/audio.log" "$tmp/edited.log"
python3 -c "
import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); i=b.index(b'Copy CRC')+20; b[i]^=1; open(p,'wb').write(b)" "$tmp/edited.log"
"$dw" verify "$tmp/edited.log" >"$tmp/edited.txt" 2>&1
rc=$?
check "verify BASE.log: one edited byte breaks the checksum (exit $rc)" sh -c "[ $rc = 6 ] && grep -q 'log checksum does not match' '$tmp/edited.txt'"

# ---- --online against a loopback server, then the cache -------------------------------
mkdir -p "$tmp/www/accuraterip"
rel=$(python3 -c "
import json; n=json.load(open('$tmp/db-audio/expected.json'))['dbar']; i=int(n.split('-')[2],16)
print('%x/%x/%x/%s' % (i & 15, i >> 4 & 15, i >> 8 & 15, n))")
mkdir -p "$tmp/www/accuraterip/$(dirname "$rel")"
cp "$tmp/db-audio/$(basename "$rel")" "$tmp/www/accuraterip/$rel"
cp "$tmp/db-audio/ctdb.xml" "$tmp/www/lookup2.php"
python3 - "$tmp/www" "$tmp/port" <<'PY' &
import functools, http.server, sys
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
h.log_message = lambda *a: None
s = http.server.HTTPServer(("127.0.0.1", 0), h)
open(sys.argv[2] + ".tmp", "w").write(str(s.server_address[1]))
import os; os.rename(sys.argv[2] + ".tmp", sys.argv[2])
s.serve_forever()
PY
srv=$!
n=0
while [ ! -s "$tmp/port" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
port=$(cat "$tmp/port" 2>/dev/null)
d="$tmp/online"
mkdir -p "$d"
XDG_CACHE_HOME="$tmp/cache" DW_ACCURATERIP_URL="http://127.0.0.1:$port/accuraterip" \
    DW_CTDB_URL="http://127.0.0.1:$port/lookup2.php" "$dw" -q rip "$out/audio.ccd" -o "$d/audio" --online --format bincue 2>"$d/err"
ok $? "--online: rip exits 0"
check "--online: every track proven by the fetched answers" proof_ok "$d/audio.json" "$tmp/db-audio/expected.json" any
check "--online: the answers are cached" test -f "$tmp/cache/discwright/accuraterip/$rel"
kill "$srv" 2>/dev/null
wait "$srv" 2>/dev/null
srv=
rm -rf "$d"
mkdir -p "$d"
XDG_CACHE_HOME="$tmp/cache" DW_ACCURATERIP_URL="http://127.0.0.1:$port/accuraterip" \
    DW_CTDB_URL="http://127.0.0.1:$port/lookup2.php" "$dw" -q rip "$out/audio.ccd" -o "$d/audio" --online --format bincue 2>"$d/err"
check "--online with the server gone: the cache proves every track" proof_ok "$d/audio.json" "$tmp/db-audio/expected.json" any
done_testing
