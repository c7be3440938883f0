#!/bin/sh
# catalog_proof.sh: the catalog records what a rip proved about a CD's
# audio: AccurateRip and CTDB per track (match, confidence, total) and per
# disc (match / partial / not found / unknown, tracks matched, lowest
# confidence), and test & copy.  The databases are built by
# tests/audio/ardb.py from the sample's truth (an implementation we did
# not share with the ripper); the catalog is read back with the sqlite3
# program and through `catalog show --json` and `export --csv`, and the
# CRCs are checked against ardb.py's own.  The three ways a rip reaches
# the catalog are covered: rip --catalog (virtual drive), catalog add,
# and archive (a changer with one disc).
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
ardb="$top_srcdir/tests/audio/ardb.py"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed to read the JSON"
command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 program (package sqlite3) is needed to read the catalog"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
CAT=$tmp/catalog.sqlite
sql() { sqlite3 -batch "$CAT" "$1"; }
show() { "$dw" --json catalog -C "${2:-$CAT}" show "$1" | grep '"event":"result"' | tail -n 1 >"$tmp/show.json"; }

python3 "$ardb" make "$out/audio.truth.json" "$out/audio.img" "$tmp/db" || exit 1
python3 "$ardb" make "$out/audio.truth.json" "$out/audio.img" "$tmp/dbbad" --bad 2 || exit 1
rm "$tmp/dbbad/ctdb.xml"
mkdir -p "$tmp/empty"
crcs=$(python3 "$ardb" crc32 "$out/audio.truth.json" "$out/audio.img" | cut -d' ' -f2 | tr '\n' ' ')

# 1. rip --catalog with both databases: every track proven.
mkdir -p "$tmp/r1"
"$vd" "$out/audio.ccd" -- "$dw" -q rip /dev/sr0 -o "$tmp/r1/audio" --format bincue --catalog="$CAT" \
    --accuraterip-db "$tmp/db" --ctdb "$tmp/db/ctdb.xml" 2>"$tmp/r1.err"
ok $? "rip --catalog with an AccurateRip and a CTDB answer"
check "the database: AccurateRip match, every track, lowest confidence 7; CTDB match, lowest 5" test \
    "$(sql "SELECT accuraterip, ar_tracks = audio_tracks, ar_confidence, ctdb, ctdb_tracks = audio_tracks, ctdb_confidence FROM discs")" = \
    "match|1|7|match|1|5"
show "$tmp/r1/audio"
check "show --json: every track as ardb.py expects (version, confidence and total of both)" python3 - \
    "$tmp/show.json" "$tmp/db/expected.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))['data']
exp = {t['number']: t for t in json.load(open(sys.argv[2]))['tracks']}
r = d['result']
bad = []
if (r['accuraterip'], r['ctdb'], r['audio_tracks'], r['accuraterip_confidence']) != ('match', 'match', len(exp), 7):
    bad.append(r)
for t in d['track_list']:
    e = exp[t['number']]
    got = (t['accuraterip']['match'], t['accuraterip']['confidence'], t['accuraterip']['total'],
           t['ctdb']['match'], t['ctdb']['confidence'], t['ctdb']['total'])
    want = (e['ar'], e['ar_confidence'], e['ar_total'], 'match', e['ctdb_confidence'], e['ctdb_total'])
    if got != want:
        bad.append((t['number'], got, want))
bad and print(bad, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
check "a disc AccurateRip proves is not read twice: test & copy untested" test \
    "$(python3 -c "import json;print(json.load(open('$tmp/show.json'))['data']['result']['test_copy'])")" = untested
"$dw" -q catalog -C "$CAT" export --csv -o "$tmp/all.csv"
check "export --csv: accuraterip and ctdb columns" python3 -c "
import csv,sys; r=list(csv.DictReader(open('$tmp/all.csv', newline='')))
sys.exit(0 if [(x['accuraterip'], x['ctdb']) for x in r]==[('match','match')] else 1)"
"$dw" catalog -C "$CAT" show "$tmp/r1/audio" >"$tmp/show.txt" 2>&1
check "show (text): AccurateRip line with the tracks and confidence" \
    grep -q "^AccurateRip match (5 of 5 tracks, confidence 7 or more)" "$tmp/show.txt"

# 2. No database: unknown, and every track tested (read twice) with equal CRCs.
mkdir -p "$tmp/r2"
"$vd" "$out/audio.ccd" -- "$dw" -q rip /dev/sr0 -o "$tmp/r2/audio" --format bincue --catalog="$CAT" 2>"$tmp/r2.err"
ok $? "rip --catalog without a database"
show "$tmp/r2/audio"
check "no database: AccurateRip and CTDB unknown, test & copy match, CRCs are ardb.py's" python3 - \
    "$tmp/show.json" "$crcs" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))['data']
r = d['result']
t = [(x['tested'], x['test_crc'], x['copy_crc'], x['accuraterip']['match']) for x in d['track_list']]
want = [(True, c, c, 'unknown') for c in sys.argv[2].split()]
ok = (r['accuraterip'], r['ctdb'], r['test_copy']) == ('unknown', 'unknown', 'match') and t == want
ok or print(r, t, want, file=sys.stderr)
sys.exit(0 if ok else 1)
PY

# 3. A database without the disc: not found; one with a spoilt track: partial.
mkdir -p "$tmp/r3" "$tmp/r4"
"$dw" -q rip "$out/audio.ccd" -o "$tmp/r3/audio" --format bincue --catalog="$CAT" \
    --accuraterip-db "$tmp/empty" 2>"$tmp/r3.err"
ok $? "rip with an AccurateRip folder that lacks the disc"
check "not found (AccurateRip), unknown (CTDB, not consulted)" test \
    "$(sql "SELECT accuraterip, ctdb, ar_tracks FROM discs WHERE base = '$tmp/r3/audio'")" = "not found|unknown|0"
check "... per track too" test \
    "$(sql "SELECT DISTINCT t.accuraterip FROM tracks t JOIN discs d ON d.id = t.disc_id WHERE d.base = '$tmp/r3/audio'")" = \
    "not found"
"$dw" -q rip "$out/audio.ccd" -o "$tmp/r4/audio" --format bincue --accuraterip-db "$tmp/dbbad" 2>"$tmp/r4.err"
ok $? "rip with an AccurateRip answer whose track 2 differs (not recorded)"
"$dw" -q catalog -C "$CAT" add "$tmp/r4/audio"
ok $? "catalog add of that rip"
check "partial: 4 of 5 tracks, track 2 mismatch" test \
    "$(sql "SELECT d.accuraterip || ' ' || d.ar_tracks || ' ' || t.accuraterip FROM discs d JOIN tracks t ON t.disc_id = d.id WHERE d.base = '$tmp/r4/audio' AND t.number = 2")" = \
    "partial 4 mismatch"

# 4. archive records the proof too.
printf '/dev/sr2 %s\n' "$out/audio.ccd" >"$tmp/changer"
"$vd" --changer "$tmp/changer" --changer-state "$tmp/changer.state" -- \
    "$dw" -q archive --drives /dev/sr2 -o "$tmp/lib" -C "$tmp/a.sqlite" --idle-exit 1 --poll 0.1 \
    --accuraterip-db "$tmp/db" --ctdb "$tmp/db/ctdb.xml" >/dev/null 2>"$tmp/a.err"
ok $? "archive with the databases"
check "archive: AccurateRip match, CTDB match recorded" test \
    "$(sqlite3 -batch "$tmp/a.sqlite" "SELECT accuraterip, ar_confidence, ctdb, ctdb_confidence FROM discs")" = "match|7|match|5"
check "the catalogs pass PRAGMA integrity_check" test \
    "$(sql 'PRAGMA integrity_check; PRAGMA foreign_key_check;')$(sqlite3 "$tmp/a.sqlite" 'PRAGMA integrity_check')" = okok
done_testing
