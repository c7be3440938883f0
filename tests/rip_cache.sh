#!/bin/sh
# rip_cache.sh: a drive that caches audio cannot fool the rip.  The
# virtual drive keeps 1 MB (445 sectors) of what it read and answers
# re-reads from it; four sectors of track 5 of the audio sample are
# unstable (different bytes on every read from the disc, the same bytes
# while cached).  AccurateRip answers built from the truth
# (tests/audio/ardb.py) prove tracks 1-4; track 5 is not proven and is
# read a second time.
#  - Without C2 pointers a naive re-read (--cache-defeat none) keeps the
#    wrong bytes: test CRC = copy CRC, and still the audio is wrong (the
#    test shows it, and AccurateRip disagrees);
#  - the default rip defeats the cache (reads elsewhere first), settles the
#    four sectors by reads that agree, gets every sector right, track 5
#    becomes accurate, and the log says how the cache was defeated;
#  - a drive that honours FUA: --cache-defeat fua, every sector right;
#  - with C2 pointers, no database: a naive rip cannot settle the sectors
#    (the cache repeats them), the default rip does.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

python3 "$top_srcdir/tests/audio/ardb.py" make "$out/audio.truth.json" "$out/audio.img" "$tmp/db" || exit 1
cat >"$tmp/faults.map" <<MAP
# unstable sectors 1800-1803 (track 5)
0x00000000  0x$(printf %X $((1800 * 2352)))  +
0x$(printf %X $((1800 * 2352)))  0x$(printf %X $((4 * 2352)))  /
0x$(printf %X $((1804 * 2352)))  0x$(printf %X $((258 * 2352)))  +
MAP

rip() {
    dir=$1
    shift
    mkdir -p "$dir"
    vopts=
    while [ $# -gt 0 ] && [ "$1" != -- ]; do vopts="$vopts $1"; shift; done
    shift
    # shellcheck disable=SC2086
    "$vd" --cache 1024 --faults "$tmp/faults.map" $vopts "$out/audio.ccd" -- \
        "$dw" -q rip /dev/sr0 -o "$dir/audio" --format ccd "$@" 2>"$dir/err"
}
wrong_sectors() {
    python3 - "$1" "$out/audio.img" <<'PY'
import sys
a, b = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
print(" ".join(str(l) for l in range(len(b) // 2352) if a[l * 2352:(l + 1) * 2352] != b[l * 2352:(l + 1) * 2352]))
PY
}
track5() { python3 -c "
import json; t=[x for x in json.load(open('$1'))['audio']['tracks'] if x['number']==5][0]
print(t['accuraterip']['match'], t['tested'], t['test_crc'] == t['copy_crc'])"; }

d="$tmp/naive"
rip "$d" --no-c2 -- --accuraterip-db "$tmp/db" --cache-defeat none
wrong=$(wrong_sectors "$d/audio.img")
check "naive re-read (no C2, cache not defeated): the wrong bytes stay (sectors $wrong)" test -n "$wrong"
got=$(track5 "$d/audio.json")
check "naive re-read: test CRC = copy CRC, yet AccurateRip disagrees ($got)" test "$got" = "None True True"

d="$tmp/secure"
rip "$d" --no-c2 -- --accuraterip-db "$tmp/db"
ok $? "default rip (cache defeated by eviction): exits 0"
wrong=$(wrong_sectors "$d/audio.img")
check "default rip: every sector is the disc's${wrong:+ (wrong: $wrong)}" test -z "$wrong"
got=$(track5 "$d/audio.json")
check "default rip: track 5 read twice, settled, accurate ($got)" test "$got" = "v2 True True"
check "default rip: the log says how the cache was defeated" \
    grep -q "^Audio cache *: evict: [0-9]* other sectors read before re-reads (buffer 1024 KiB as the drive reports); [1-9][0-9]* sectors read to evict" "$d/audio.log"
check "default rip: the re-read sectors are named in the log" grep -q "LBA 1800: the test read differs from the copy" "$d/audio.log"

d="$tmp/fua"
rip "$d" --no-c2 --cache-fua -- --accuraterip-db "$tmp/db" --cache-defeat fua
ok $? "FUA honoured, --cache-defeat fua: exits 0"
wrong=$(wrong_sectors "$d/audio.img")
check "FUA: every sector is the disc's${wrong:+ (wrong: $wrong)}" test -z "$wrong"
check "FUA: the log says FUA, and nothing was read to evict" grep -q "^Audio cache *: FUA: READ(12) with FUA before re-reads.*; 0 sectors read to evict" "$d/audio.log"

d="$tmp/c2naive"
rip "$d" -- --cache-defeat none --no-test-copy --retries 1
rc=$?
check "C2, cache not defeated: re-reads repeat the cached errors, the sectors stay bad (exit $rc)" \
    sh -c "[ $rc = 5 ] && grep -q 'LBA 1800: no two reads agree' '$d/audio.log'"
d="$tmp/c2"
rip "$d" -- --no-test-copy --retries 1
ok $? "C2, default rip: exits 0"
wrong=$(wrong_sectors "$d/audio.img")
check "C2, default rip: every sector is the disc's${wrong:+ (wrong: $wrong)}" test -z "$wrong"
done_testing
