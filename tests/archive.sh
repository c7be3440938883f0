#!/bin/sh
# archive.sh: `discwright archive` on two virtual drives with a disc
# changer each (tests/vdrive/vd_changer.c): 12 discs of every sample
# kind, five of them damaged (unreadable and unstable sectors).  The
# batch runs slowly, is killed with SIGKILL in the middle of two rips,
# and is started again at full speed; then every disc must be in the
# catalog exactly once, in its own folder named by the template
# (identical names get " (2)"), ejected exactly once, bit-exact against
# the disc the drive served or with exactly the unreadable sectors
# mapped, and each rip the kill interrupted must have read in the second
# run only the sectors its map did not have.  Then fixity: a flipped
# byte in one archived BIN and a deleted file are exactly what `catalog
# verify` reports (exit 8, recorded in the history), and a DAT imported
# marks the disc whose BINs it lists as verified.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed to check the results"
command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 program (package sqlite3) is needed to read the catalog"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
for s in audio mode1 mode2xa mixed enhanced htoa; do
    [ -f "$out/$s.ccd" ] || skip_all "samples/out/$s.ccd is missing (make samples)"
done
[ -f "$out/dvd.iso" ] || skip_all "samples/out/dvd.iso is missing (make samples)"
tmp=$(mktemp -d) || exit 1
[ -n "${KEEP_TMP:-}" ] || trap 'rm -rf "$tmp"' EXIT
diag "tmp $tmp"
lib=$tmp/library
CAT=$tmp/catalog.sqlite
sql() { sqlite3 -batch "$CAT" "$1"; }

# Fault maps (ddrescue syntax; CD positions in 2352-byte, DVD in 2048-byte blocks).
fmap() {   # fmap FILE BLOCK FIRST COUNT STATUS [FIRST COUNT STATUS ...]
    f=$1 bs=$2
    shift 2
    echo "# faults" >"$f"
    while [ $# -ge 3 ]; do
        printf '0x%X  0x%X  %s\n' $(($1 * bs)) $(($2 * bs)) "$3" >>"$f"
        shift 3
    done
}
fmap "$tmp/audio.map" 2352 300 12 - 700 6 /
fmap "$tmp/mode1.map" 2352 100 5 -
fmap "$tmp/mode2xa.map" 2352 150 3 - 200 4 /
fmap "$tmp/enhanced.map" 2352 200 4 /
fmap "$tmp/dvd.map" 2048 500 8 -
{
    for s in audio.ccd mode1.ccd mode2xa.ccd mixed.ccd enhanced.ccd dvd.iso; do
        echo "/dev/sr0 $out/$s"
    done
    echo "/dev/sr1 $out/htoa.ccd"
    echo "/dev/sr1 $out/audio.ccd faults=$tmp/audio.map"
    echo "/dev/sr1 $out/mode1.ccd faults=$tmp/mode1.map"
    echo "/dev/sr1 $out/enhanced.ccd faults=$tmp/enhanced.map"
    echo "/dev/sr1 $out/dvd.iso faults=$tmp/dvd.map"
    echo "/dev/sr1 $out/mode2xa.ccd faults=$tmp/mode2xa.map"
} >"$tmp/changer"
export DW_VDRIVE_CHANGER_MS=100
# The sample discs hold 300 to 2,000 sectors, fewer than a 2 MiB drive
# buffer: nothing read elsewhere could push a sector out of it.  A 128 KiB
# buffer keeps the cache model in play while eviction can still work.
export DW_VDRIVE_CACHE=128
# --no-test-copy: test and copy reads unproven audio tracks a second time on
# purpose (tests/rip_audio.sh covers it); here every read past the first
# must be one the map asked for.
archive() {   # (exec: when run in the background, $! is the archive itself)
    exec "$vd" --changer "$tmp/changer" --changer-state "$tmp/changer.state" --log "$tmp/vdrive.log" -- \
        "$dw" --json archive --drives /dev/sr0,/dev/sr1 -o "$lib" -C "$CAT" --name '{kind}/{label} [{cddb}]' \
        --format bincue,ccd,iso --retries 1 --no-test-copy --idle-exit 2 --poll 0.1 "$@"
}

# Run 1, slowly, killed after three discs while a drive is in the middle
# of reading one (the other may be anywhere: reading, writing, waiting).
DW_VDRIVE_SPEED=6 archive >"$tmp/run1.json" 2>"$tmp/run1.err" &
pid=$!
n=0
while [ $n -lt 1200 ]; do
    sleep 0.05
    n=$((n + 1))
    kill -0 $pid 2>/dev/null || break
    python3 - "$tmp/run1.json" "$lib" <<'PY' && break
import glob, json, os, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{') and l.endswith('}\n')]
done = sum(1 for e in ev if e.get('event') == 'disc' and e['status'] == 'done')
last = {}
for e in ev:
    if e.get('event') == 'progress':
        last[e['drive']] = e
mid = [e for e in last.values() if e['state'] == 'ripping' and e['phase'] == 'reading' and e['total']
       and 100 < e['done'] < e['total'] - 200]
# The map is rewritten at most once a second: kill only once a rip under
# way has stored good sectors in it, so the second run has some to skip.
def stored_good(lib):
    for p in glob.glob(os.path.join(lib, '.discwright', 'pending', '*.pending')):
        try:
            base = [l[5:].rstrip('\n') for l in open(p) if l.startswith('base=')][0]
            for l in open(base + '.map'):
                f = l.split()
                if not l.startswith('#') and len(f) == 3 and f[1].startswith('0x') and f[2] == '+' and int(f[1], 16):
                    return True
        except (OSError, IndexError, ValueError):
            pass
    return False
sys.exit(0 if done >= 3 and len(mid) >= 1 and stored_good(sys.argv[2]) else 1)
PY
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
n_done1=$(grep -c '"status":"done"' "$tmp/run1.json")
diag "run 1 killed after $n_done1 discs"
check "run 1: some discs were finished before the kill ($n_done1)" test "$n_done1" -ge 3 -a "$n_done1" -lt 12
# What the killed rips had stored, for the no-re-read check.
mkdir "$tmp/killed"
for p in "$lib"/.discwright/pending/*.pending; do
    [ -f "$p" ] || continue
    b=$(sed -n 's/^base=//p' "$p")
    [ -f "$b.map" ] && cp "$b.map" "$tmp/killed/$(basename "$p").map" && echo "$b" >"$tmp/killed/$(basename "$p").base"
done
n_killed=$(ls "$tmp/killed" | grep -c '\.map$')
check "run 1: the kill left rips under way in the journal ($n_killed)" test "$n_killed" -ge 1

# Run 2, at full speed, to the end.
(archive >"$tmp/run2.json" 2>"$tmp/run2.err")
rc=$?
ok $([ $rc -eq 5 ] && echo 0 || echo 1) "run 2 finishes with exit 5 (discs with unreadable sectors were mapped; got $rc)"
check "the journal is empty: nothing left under way" test -z "$(ls "$lib/.discwright/pending" 2>/dev/null)"
check "catalog ls shows 12 discs" test "$("$dw" --json catalog -C "$CAT" ls | grep -c '"event":"disc"')" = 12
check "each recorded once (12 rows, 12 different folders)" test \
    "$(sql "SELECT count(*) || '/' || count(DISTINCT base) FROM discs")" = 12/12
"$dw" -q catalog -C "$CAT" export -o "$tmp/catalog.json"

check "every disc was ejected exactly once" python3 - "$tmp/vdrive.log" <<'PY'
import collections, re, sys
n = collections.Counter(m.groups() for m in (re.search(r'changer (\S+): disc (\d+) ejected', l) for l in open(sys.argv[1])) if m)
ok = len(n) == 12 and set(n.values()) == {1}
sys.exit(0 if ok else print(sorted(n.items())) or 1)
PY

check "every folder is named by the template, identical names with \" (2)\"" python3 - "$tmp/catalog.json" "$lib" <<'PY'
import json, os, re, sys
discs, lib = json.load(open(sys.argv[1])), sys.argv[2]
seen, bad = set(), []
for d in discs:
    folder = os.path.relpath(os.path.dirname(d['base']), lib)
    want = '%s/%s [%s]' % (d['kind'], d['label'] or d['title'], d['ids']['cddb'] or 'unknown')
    if not (folder == want or re.fullmatch(re.escape(want) + r' \([2-9]\)', folder)):
        bad.append((folder, want))
    if os.path.basename(d['base']) != os.path.basename(folder):
        bad.append(('stem', d['base']))
    seen.add(folder)
suffixed = [f for f in seen if f.endswith(' (2)')]
sys.exit(0 if not bad and len(seen) == 12 and len(suffixed) == 5 else print(bad, sorted(seen)) or 1)
PY

# Bit-exact, or exactly the unreadable sectors mapped.
check "every disc ripped bit-exact or with exactly its unreadable sectors mapped" python3 - "$tmp/catalog.json" "$out" "$tmp" <<'PY'
import json, os, sys
discs, out, tmp = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
def faults(path, bs):
    bad = set()
    if not os.path.exists(path):
        return bad
    for l in open(path):
        f = l.split()
        if len(f) == 3 and f[1].startswith('0x') and f[2] == '-':
            p, s = int(f[0], 16) // bs, int(f[1], 16) // bs
            bad |= set(range(p, p + s))
    return bad
def mapped_bad(path, bs):
    bad = set()
    for l in open(path):
        f = l.split()
        if not l.startswith('#') and len(f) == 3 and f[1].startswith('0x') and f[2] != '+':
            p, s = int(f[0], 16) // bs, int(f[1], 16) // bs
            bad |= set(range(p, p + s))
    return bad
sample = {'DWSAMPLE_MODE1': 'mode1', 'DWSAMPLE_XA': 'mode2xa', 'DWSAMPLE_MIXED': 'mixed',
          'DWSAMPLE_CDEXTRA': 'enhanced', 'DWSAMPLE_DVD': 'dvd', 'Discwright Test Tones': 'audio',
          'Hidden Sample': 'htoa'}
errors, kinds = [], set()
for d in discs:
    name = sample[d['label'] or d['title']]
    kinds.add(name)
    base = d['base']
    damaged = d['drive']['path'] == '/dev/sr1' and name != 'htoa'
    if name == 'dvd':
        bs, got, ref = 2048, base + '.iso', os.path.join(out, 'dvd.iso')
    else:
        bs, got, ref = 2352, base + '.img', os.path.join(out, name + '.img')
    want_bad = faults(os.path.join(tmp, name + '.map'), bs) if damaged else set()
    have_bad = mapped_bad(base + '.map', bs)
    if have_bad != want_bad:
        errors.append((name, damaged, 'map', sorted(have_bad ^ want_bad)[:10]))
    a, b = open(got, 'rb').read(), open(ref, 'rb').read()
    if len(a) != len(b):
        errors.append((name, 'size', len(a), len(b)))
        continue
    wrong = [l for l in range(len(b) // bs) if l not in want_bad and a[l * bs:(l + 1) * bs] != b[l * bs:(l + 1) * bs]]
    if wrong:
        errors.append((name, damaged, 'sectors differ', wrong[:10]))
    if name != 'dvd' and not damaged and open(base + '.sub', 'rb').read() != open(os.path.join(out, name + '.sub'), 'rb').read():
        errors.append((name, 'sub'))
    if (d['result']['status'] == 'good') != (not want_bad):
        errors.append((name, damaged, 'status', d['result']['status']))
ok = not errors and kinds == {'audio', 'mode1', 'mode2xa', 'mixed', 'enhanced', 'dvd', 'htoa'}
sys.exit(0 if ok else print(errors, kinds) or 1)
PY

# The rips the kill interrupted: run 2 read only what their maps lacked.
check "the interrupted rips were resumed and read no good sector again" python3 - "$tmp/killed" "$tmp/run2.json" <<'PY'
import glob, json, os, sys
kdir, ev = sys.argv[1], [json.loads(l) for l in open(sys.argv[2]) if l.startswith('{')]
done = {e['base']: e for e in ev if e.get('event') == 'disc' and e['status'] == 'done'}
errors, checked = [], 0
for m in glob.glob(os.path.join(kdir, '*.map')):
    base = open(m[:-4] + '.base').read().strip()
    bs = 2048 if '/DVD/' in base else 2352
    good = missing = 0
    for l in open(m):
        f = l.split()
        if not l.startswith('#') and len(f) == 3 and f[1].startswith('0x'):
            n = int(f[1], 16) // bs
            if f[2] == '+':
                good += n
            else:
                missing += n
    e = done.get(base)
    if not e or not e['resumed']:
        errors.append(('not resumed', base, 'good %d missing %d' % (good, missing),
                       [(x.get('drive'), x.get('status'), x.get('resumed')) for x in ev if x.get('base') == base]))
        continue
    reads = e['reads'] - e['evict_reads']   # reads only to push others out of the drive's cache do not count
    if e['bad'] == 0 and e['unstable'] == 0 and reads != missing:
        errors.append(('reads', base, reads, missing))
    if reads > missing + 10 * e['bad'] + 40:
        errors.append(('too many reads', base, reads, missing))
    if good > 0:
        checked += 1
sys.exit(0 if not errors and checked >= 1 else print(errors, checked) or 1)
PY

# Fixity: a flipped byte in one archived BIN and a deleted file.
"$dw" -q catalog -C "$CAT" verify
ok $? "catalog verify: every archived file intact"
bin=$(ls "$lib"/CD/DWSAMPLE_MIXED*/*"(Track 2).bin" | head -n 1)
gone=$(ls "$lib"/CD/Hidden*/*.cue | head -n 1)
printf '\001' | dd of="$bin" bs=1 seek=4321 conv=notrunc 2>/dev/null
rm -f "$gone"
"$dw" --json catalog -C "$CAT" verify >"$tmp/verify.json" 2>/dev/null
ok $([ $? -eq 8 ] && echo 0 || echo 1) "catalog verify exits 8 (fixity)"
check "it names exactly the flipped BIN and the deleted file" python3 - "$tmp/verify.json" "$bin" "$gone" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1]) if '"result"' in l][-1]['data']
p = sorted((x['status'], x['path']) for x in r['problems'])
sys.exit(0 if p == sorted([('changed', sys.argv[2]), ('missing', sys.argv[3])]) else print(p) or 1)
PY
check "the result is recorded: 2 problem checks in the catalog" test \
    "$(sql "SELECT count(*) FROM checks WHERE status <> 'ok'")" = 2
hidden=$(dirname "$gone")
t_hist() { "$dw" catalog -C "$CAT" history "$hidden/$(basename "$hidden")" | grep -q 'missing'; }
check "and in the disc's history" t_hist

# A DAT (hashes by python) listing the mode2xa disc's BINs marks it verified.
xa=$(sql "SELECT base FROM discs WHERE label = 'DWSAMPLE_XA' AND status = 'good'")
python3 - "$xa" >"$tmp/xa.dat" <<'PY'
import glob, hashlib, os, sys, zlib
print('<?xml version="1.0"?>\n<datafile><header><name>Test DAT</name></header><game name="XA Sample (World)">')
for f in sorted(glob.glob(glob.escape(sys.argv[1]) + ' (Track *).bin')) or [sys.argv[1] + '.bin']:
    b = open(f, 'rb').read()
    print('<rom name="%s" size="%d" crc="%08x" md5="%s" sha1="%s"/>' % (os.path.basename(f), len(b),
          zlib.crc32(b) & 0xffffffff, hashlib.md5(b).hexdigest(), hashlib.sha1(b).hexdigest()))
print('</game></datafile>')
PY
"$dw" -q catalog -C "$CAT" dat import "$tmp/xa.dat" 2>/dev/null
ok $? "dat import"
check "the DAT marks exactly that disc verified" test \
    "$(sql "SELECT group_concat(dat_game) FROM discs WHERE dat_game IS NOT NULL")" = "XA Sample (World)"

# Ctrl-C: a clean stop (exit 130) that the next run resumes.
printf '/dev/sr2 %s\n/dev/sr2 %s\n' "$out/audio.ccd" "$out/mode1.ccd" >"$tmp/changer2"
lib2=$tmp/library2
archive2() {
    exec "$vd" --changer "$tmp/changer2" --changer-state "$tmp/changer2.state" -- \
        "$dw" --json archive --drives /dev/sr2 -o "$lib2" -C "$tmp/c2.sqlite" --idle-exit 1 --poll 0.1 --no-test-copy
}
DW_VDRIVE_SPEED=4 archive2 >"$tmp/int1.json" 2>/dev/null &
pid=$!
n=0
while [ $n -lt 400 ] && ! grep -q '"phase":"reading","done":[1-9][0-9][0-9]' "$tmp/int1.json" 2>/dev/null; do
    sleep 0.05
    n=$((n + 1))
done
kill -INT $pid
wait $pid
ok $([ $? -eq 130 ] && echo 0 || echo 1) "Ctrl-C stops the batch with exit 130"
t_kept() { ls "$lib2"/.discwright/pending/*.pending >/dev/null 2>&1 && ls "$lib2"/*/*.map >/dev/null 2>&1; }
check "the rip stopped keeps its journal entry and map" t_kept
(archive2 >"$tmp/int2.json" 2>/dev/null)
ok $? "run again: exit 0"
check "it resumed the stopped disc and did the next" python3 - "$tmp/int2.json" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if '"event":"disc"' in l]
done = [e for e in ev if e['status'] == 'done']
sys.exit(0 if len(done) == 2 and done[0]['resumed'] and not done[1]['resumed'] and done[0]['reads'] < done[0]['sectors'] else print(done) or 1)
PY
done_testing
