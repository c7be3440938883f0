# checks.sh: the catalog checks both backends run (sourced by
# tests/catalog_sqlite.sh and tests/catalog_pg.sh, after tap.sh).
# Needs: $dw $vd $out $tmp, $CAT (the catalog location), and two
# functions: sql QUERY (prints rows, columns joined by "|") and
# integrity (exits 0 when an independent checker finds the database
# sound).  Every count below comes from the database read by sqlite3 or
# psql, or from files hashed by coreutils/python, not from discwright.

rips=$tmp/rips
mkdir -p "$rips"
jget() { python3 -c "import json,sys;d=json.load(sys.stdin);print(eval(sys.argv[1]))" "$1"; }
result() { grep '"event":"result"' | tail -n 1 | jget "d['data']$1"; }

# 1. Rips recorded by `rip --catalog`.
for s in audio mixed dvd; do
    mkdir -p "$rips/$s"
    img="$out/$s.ccd"
    [ "$s" = dvd ] && img="$out/dvd.iso"
    "$vd" "$img" -- "$dw" -q rip /dev/sr0 -o "$rips/$s/$s" --catalog="$CAT" 2>"$tmp/rip-$s.err"
    ok $? "$s: rip --catalog records the rip"
done
check "the database holds 3 discs" test "$(sql 'SELECT count(*) FROM discs')" = 3
n_out=$(grep -vc '^#' "$rips/audio/audio.hash")
n_db=$(sql "SELECT count(*) FROM files f JOIN discs d ON d.id = f.disc_id WHERE d.base LIKE '%/audio/audio' AND f.role = 'output'")
check "audio: one output file row per BASE.hash line ($n_db of $n_out)" test "$n_db" = "$n_out"
sha=$(sha1sum "$rips/audio/audio (Track 3).bin" | cut -c1-40)
check "audio: the recorded SHA-1 of track 3 is sha1sum's" \
    test "$(sql "SELECT sha1 FROM files WHERE name = 'audio (Track 3).bin'")" = "$sha"
check "the search index finds a CD-TEXT word" sh -c \
    "'$dw' --json catalog -C '$CAT' search tones | grep -q '\"base\":\"$rips/audio/audio\"'"
check "... a label prefix" sh -c "'$dw' --json catalog -C '$CAT' search dwsample_mix | grep -q 'mixed/mixed\"'"
check "... nothing for a word no disc has" test \
    "$("$dw" --json catalog -C "$CAT" search zebrafinch | result "['count']")" = 0
cddb=$(sql "SELECT cddb_id FROM discs WHERE base LIKE '%/mixed/mixed'")
check "... a CDDB id ($cddb)" sh -c "'$dw' --json catalog -C '$CAT' search $cddb | grep -q 'mixed/mixed\"'"
isosha=$(sha1sum "$rips/dvd/dvd.iso" | cut -c1-40)
check "... a file's SHA-1 (sha1sum of dvd.iso)" sh -c "'$dw' --json catalog -C '$CAT' search $isosha | grep -q 'dvd/dvd\"'"
"$dw" --json catalog -C "$CAT" show "$rips/audio/audio" >"$tmp/show.json"
t_ids() { result "['ids']['musicbrainz'] and d['data']['ids']['accuraterip'] and d['data']['ids']['ctdb_tocid'] and 'yes'" <"$tmp/show.json" | grep -qx yes; }
check "show: audio has AccurateRip, MusicBrainz and CTDB ids" t_ids
t_tracks() { test "$(result "['tracks']" <"$tmp/show.json")" = 5 && result "['drive']['model']" <"$tmp/show.json" | grep -q VIRTUAL; }
check "show: with its tracks and the drive" t_tracks
check "show: the DVD is a DVD with a volume stamp" sh -c \
    "'$dw' --json catalog -C '$CAT' show '$rips/dvd/dvd' | grep -q '\"kind\":\"DVD\".*\"volume_uuid\":\"[0-9]'"

# 2. Recording the same rip again updates it; a copy is a duplicate.
id1=$(sql "SELECT id FROM discs WHERE base LIKE '%/audio/audio'")
"$dw" -q catalog -C "$CAT" add "$rips/audio/audio" 2>/dev/null
t_again() { test "$(sql 'SELECT count(*) FROM discs')" = 3 && test "$(sql "SELECT count(*) FROM events WHERE disc_id = $id1 AND what = 'updated'")" = 1; }
check "add again: the same disc, updated (still 3 discs)" t_again
cp -al "$rips/audio" "$rips/audio2"
"$dw" -q catalog -C "$CAT" add "$rips/audio2/audio.json" 2>/dev/null
ok $? "add BASE.json of a copy of the rip"
id2=$(sql "SELECT id FROM discs WHERE base LIKE '%/audio2/audio'")
t_dups() { "$dw" --json catalog -C "$CAT" duplicates | result "['groups'][0]['discs']" | grep -qx "\[$id1, $id2\]"; }
check "duplicates: the copy and the original ($id1, $id2)" t_dups

# 3. Export.
"$dw" -q catalog -C "$CAT" export --csv -o "$tmp/all.csv"
check "export --csv: a header and 4 rows python's csv reads" python3 -c "
import csv,sys; r=list(csv.DictReader(open('$tmp/all.csv', newline='')))
sys.exit(0 if len(r)==4 and {x['kind'] for x in r}=={'CD','DVD'} else 1)"
"$dw" -q catalog -C "$CAT" export -o "$tmp/all.json"
check "export: a JSON array of 4 discs" python3 -c "
import json,sys; a=json.load(open('$tmp/all.json')); sys.exit(0 if len(a)==4 and all('fingerprint' in d for d in a) else 1)"
"$dw" -q catalog -C "$CAT" export -o "$tmp/all.json" 2>/dev/null
ok $([ $? -eq 7 ] && echo 0 || echo 1) "export never overwrites (exit 7)"

# 4. Fixity.
"$dw" -q catalog -C "$CAT" verify
ok $? "verify: every archived file intact (exit 0)"
check "verify: every file's last check is ok" test "$(sql "SELECT count(*) FROM files WHERE last_status <> 'ok'")" = 0
check "verify: one check recorded per file" test \
    "$(sql 'SELECT count(*) FROM checks')" = "$(sql 'SELECT count(*) FROM files')"
printf '\377' | dd of="$rips/mixed/mixed (Track 2).bin" bs=1 seek=100000 conv=notrunc 2>/dev/null
rm "$rips/audio/audio.cue"
"$dw" --json catalog -C "$CAT" verify >"$tmp/verify.json" 2>/dev/null
ok $([ $? -eq 8 ] && echo 0 || echo 1) "verify: a flipped byte and a deleted file end with exit 8 (fixity)"
check "verify: it names exactly those two" python3 -c "
import json,sys
r=[json.loads(l) for l in open('$tmp/verify.json') if '\"result\"' in l][-1]['data']
p=sorted((x['status'], x['path']) for x in r['problems'])
want=sorted([('changed','$rips/mixed/mixed (Track 2).bin'),('missing','$rips/audio/audio.cue')])
sys.exit(0 if p==want and r['changed']==1 and r['missing']==1 else print(p) or 1)"
check "verify: the checks are recorded" test \
    "$(sql "SELECT count(*) FROM checks c JOIN files f ON f.id = c.file_id WHERE c.status <> 'ok'")" = 2
check "history: the disc shows the missing cue" sh -c \
    "'$dw' catalog -C '$CAT' history '$rips/audio/audio' | grep -q 'check   missing    audio.cue'"
before=$(sql 'SELECT count(*) FROM checks')
"$dw" -q catalog -C "$CAT" verify --limit 3 2>/dev/null
"$dw" -q catalog -C "$CAT" verify --limit 3 2>/dev/null
t_limit() { test "$(sql 'SELECT count(*) FROM checks')" = $((before + 6)) && test "$(sql "SELECT count(DISTINCT file_id) FROM checks WHERE id > $before")" = 6; }
check "verify --limit 3 twice: 6 more checks of 6 different files" t_limit

# 5. A DAT: a game listing the audio BINs (hashed by python) confirms the
# audio disc and its copy; one with a wrong hash confirms nothing.
python3 - "$rips/audio" "$rips/mixed" >"$tmp/test.dat" <<'PY'
import hashlib, os, sys, zlib
def rom(path, bad=False):
    b = open(path, 'rb').read()
    sha = hashlib.sha1(b).hexdigest() if not bad else '0' * 40
    return '  <rom name="%s" size="%d" crc="%08x" md5="%s" sha1="%s"/>' % (
        os.path.basename(path), len(b), zlib.crc32(b) & 0xffffffff, hashlib.md5(b).hexdigest(), sha)
print('<?xml version="1.0"?>\n<!DOCTYPE datafile SYSTEM "x">\n<datafile><header><name>Test - Discs</name></header>')
a = sys.argv[1]
print('<game name="Test Tones (World)">')
for t in range(1, 6):
    print(rom('%s/audio (Track %d).bin' % (a, t)))
print('  <rom name="Test Tones (World).cue" size="10" crc="00000000" sha1="%s"/>' % ('1' * 40))
print('</game>')
m = sys.argv[2]
print('<game name="Mixed (World)">')
for t in range(1, 5):
    print(rom('%s/mixed (Track %d).bin' % (m, t), bad=(t == 1)))
print('</game></datafile>')
PY
"$dw" --json catalog -C "$CAT" dat import "$tmp/test.dat" >"$tmp/dat.json" 2>/dev/null
ok $? "dat import"
check "dat: two discs confirmed (the audio rip and its copy)" test "$(result "['discs_confirmed']" <"$tmp/dat.json")" = 2
check "dat: the audio disc is marked verified by its game" test \
    "$(sql "SELECT dat_game FROM discs WHERE id = $id1")" = "Test Tones (World)"
check "dat: the mixed disc (one wrong hash) is not" test \
    "$(sql "SELECT count(*) FROM discs WHERE base LIKE '%/mixed/mixed' AND dat_game IS NOT NULL")" = 0

# 6. Another pressing of the audio album: same CD-TEXT, another TOC (its
# lead-out 75 sectors later); then removed again.
cp -al "$rips/audio" "$rips/press"
rm "$rips/press/audio.json"
python3 - "$rips/audio/audio.json" >"$rips/press/audio.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d['disc']['sessions'][-1]['leadout'] += 75
print(json.dumps(d))
PY
"$dw" -q catalog -C "$CAT" add "$rips/press/audio" 2>/dev/null
idp=$(sql "SELECT id FROM discs WHERE base LIKE '%/press/audio'")
t_press() { "$dw" --json catalog -C "$CAT" pressings | result "['groups'][0]['discs']" | grep -qx "\[$id1, $id2, $idp\]"; }
check "pressings: the album's other TOC is grouped with it ($idp)" t_press
t_nodup() {
    "$dw" --json catalog -C "$CAT" duplicates | grep '"event":"result"' |
        jget "[g['discs'] for g in d['data']['groups']]" | grep -qx "\[\[$id1, $id2\]\]"
}
check "... and is no duplicate" t_nodup
"$dw" -q catalog -C "$CAT" remove "$idp" 2>/dev/null
check "remove: the files on disk stay" test -f "$rips/press/audio.hash"
t_gone() { test "$(sql "SELECT count(*) FROM discs WHERE id = $idp")" = 0 && test "$(sql "SELECT count(*) FROM files WHERE disc_id = $idp")" = 0; }
check "remove: no row of it is left" t_gone

# 7. Two processes adding at once, and one killed in the middle of an add.
for i in $(seq 1 12); do cp -al "$rips/dvd" "$rips/a$i"; cp -al "$rips/dvd" "$rips/b$i"; cp -al "$rips/dvd" "$rips/k$i"; done
before=$(sql 'SELECT count(*) FROM discs')
"$dw" --json catalog -C "$CAT" add $(for i in $(seq 1 12); do echo "$rips/a$i/dvd"; done) >"$tmp/add-a.json" 2>"$tmp/add-a.err" &
pa=$!
"$dw" --json catalog -C "$CAT" add $(for i in $(seq 1 12); do echo "$rips/b$i/dvd"; done) >"$tmp/add-b.json" 2>"$tmp/add-b.err" &
pb=$!
DW_CATALOG_DEBUG_ADD_PAUSE_MS=300 "$dw" --json catalog -C "$CAT" add \
    $(for i in $(seq 1 12); do echo "$rips/k$i/dvd"; done) >"$tmp/add-k.json" 2>/dev/null &
pk=$!
n=0
while [ $n -lt 400 ] && [ "$(cat "$tmp/add-k.json" 2>/dev/null | grep -c '"event":"added"')" -lt 2 ]; do
    sleep 0.05
    n=$((n + 1))
done
sleep 0.15                   # inside the third add's transaction
kill -9 $pk 2>/dev/null
wait $pk 2>/dev/null
wait $pa
ra=$?
wait $pb
rb=$?
check "two processes adding at once both finish (exit $ra, $rb)" test $ra = 0 -a $rb = 0
check "the database is sound after a SIGKILL in the middle of an add" integrity
ids=$(cat "$tmp/add-a.json" "$tmp/add-b.json" "$tmp/add-k.json" | grep '"event":"added"' | sed 's/.*"id":\([0-9]*\).*/\1/' | sort -n | tr '\n' ' ')
nids=$(echo $ids | wc -w)
nk=$(grep -c '"event":"added"' "$tmp/add-k.json")
diag "completed adds: $nids ($nk by the killed process)"
present=$(sql "SELECT count(*) FROM discs WHERE id IN ($(echo $ids | tr ' ' ','))")
check "the killed process had completed adds before it was killed ($nk)" test "$nk" -ge 2 -a "$nk" -lt 12
check "every completed add is there ($present of $nids)" test "$present" = "$nids" -a "$nids" = $((24 + nk))
t_half() { test "$(sql 'SELECT count(*) FROM discs d WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.disc_id = d.id)')" = 0 &&
    test "$(sql 'SELECT count(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM discs d WHERE d.id = f.disc_id)')" = 0; }
check "the killed add left nothing half-written (no disc without files, no orphan files)" t_half
check "and nothing else was added ($before + $nids discs)" test "$(sql 'SELECT count(*) FROM discs')" = $((before + nids))
