#!/bin/sh
# rip_vdrive.sh: `discwright rip` on the virtual drive serving each sample
# disc must give the disc back: the CloneCD image and subchannel byte for
# byte, every redump BIN byte for byte, a cue (and .ccd) that describe the
# disc as the sample maker's ground truth does, an ISO of the data track,
# hashes that match the files (tests/rip_check.py checks all that on its
# own).  Then damaged media: unreadable sectors listed in the map with exit
# code 5 and every readable sector exact, unstable sectors resolved to the
# true bytes; a rip killed with SIGKILL and resumed equals a clean rip and
# reads no good sector twice; `refine` from a second drive without faults
# completes the image; read offsets given and measured; a DVD.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
check_py="$top_srcdir/tests/rip_check.py"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed by tests/rip_check.py"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# rip_sample NAME DIR [vdrive options] -- [rip options]: rip and check.
rip_ok() {
    name=$1 dir=$2
    shift 2
    mkdir -p "$dir"
    vopts=
    while [ $# -gt 0 ] && [ "$1" != -- ]; do vopts="$vopts $1"; shift; done
    [ $# -gt 0 ] && shift
    # shellcheck disable=SC2086
    "$vd" $vopts "$out/$name.ccd" -- "$dw" -q rip /dev/sr0 -o "$dir/$name" "$@" 2>"$dir/err"
}

check_outputs() {
    name=$1 dir=$2
    "$dw" --json info "$dir/$name.cue" >"$dir/cue.json" 2>>"$dir/err" &&
        "$dw" --json info "$dir/$name.ccd" >"$dir/ccd.json" 2>>"$dir/err" &&
        python3 "$check_py" "$out/$name.truth.json" "$out/$name.img" "$dir/$name" "$dir/cue.json" "$dir/ccd.json"
}

samples="audio mode1 mode2xa mixed enhanced"
[ -f "$out/htoa.ccd" ] && samples="$samples htoa"
for s in $samples; do
    d="$tmp/clean-$s"
    rip_ok "$s" "$d" -- --format all
    ok $? "$s: rip exits 0"
    check "$s: .img is the disc's image byte for byte" cmp -s "$d/$s.img" "$out/$s.img"
    check "$s: .sub is the disc's subchannel byte for byte" cmp -s "$d/$s.sub" "$out/$s.sub"
    check "$s: BINs, cue, ccd, ISO and hashes match the ground truth" check_outputs "$s" "$d"
    reads=$(grep -c '' "$d/$s.map" >/dev/null && python3 -c "import json;print(json.load(open('$d/$s.json'))['sectors']['reads'])")
    total=$(python3 -c "import json;print(json.load(open('$d/$s.json'))['sectors']['total'])")
    diag "$s: $reads sector reads for $total sectors"
done

# verify proves the rip's outputs right, and finds a flipped byte in them.
for s in mixed enhanced; do
    "$dw" -q verify "$tmp/clean-$s/$s.hash" >/dev/null 2>&1
    ok $? "$s: discwright verify BASE.hash passes on the rip"
    "$dw" -q verify "$tmp/clean-$s/$s.cue" >/dev/null 2>&1
    ok $? "$s: discwright verify BASE.cue (hashes and sectors) passes on the rip"
done
cp -r "$tmp/clean-mixed" "$tmp/flip"
printf '\377' | dd of="$tmp/flip/mixed (Track 1).bin" bs=1 seek=$((100 * 2352 + 500)) conv=notrunc 2>/dev/null
"$dw" --json verify "$tmp/flip/mixed.cue" >"$tmp/flip.json" 2>/dev/null
ok $([ $? -eq 6 ] && echo 0 || echo 1) "verify: a flipped byte in a ripped BIN is a mismatch (exit 6)"
check "verify: and it names LBA 100" grep -q '"first":100\b\|LBA 100\b\|"lba":100\b' "$tmp/flip.json"

# A read offset: the drive delivers audio 30 samples early (correction +30)
# or 48 late (-48); --offset with the same value gives the disc back.
for off in 30 -48; do
    d="$tmp/off$off"
    rip_ok audio "$d" --offset "$off" -- --format bincue,ccd --offset "$off"
    ok $? "offset $off: rip exits 0"
    check "offset $off: BINs and cue match the ground truth" check_outputs audio "$d"
done
# Mixed mode: the combined offset is measured from the data track's sync
# (READ CD-DA), without --offset.
mkdir -p "$tmp/mixm"
rip_ok mixed "$tmp/mixm" --offset 30 -- --format all
ok $? "mixed, drive offset 30: rip exits 0"
measured=$(python3 -c "import json;o=json.load(open('$tmp/mixm/mixed.json'))['offset'];print(o['samples'] if o['measured'] else 'none')" 2>/dev/null)
check "mixed: combined offset measured as +30 (got $measured)" test "$measured" = 30
check "mixed, drive offset 30: outputs match the ground truth" check_outputs mixed "$tmp/mixm"

# Damaged media: 1 % unreadable plus unstable sectors.
faults="$tmp/faults.map"
cat >"$faults" <<MAP
# rescue map for the virtual drive (block 2352)
0x00000000  0x$(printf %X $((300 * 2352)))  +
0x$(printf %X $((300 * 2352)))  0x$(printf %X $((12 * 2352)))  -
0x$(printf %X $((312 * 2352)))  0x$(printf %X $((388 * 2352)))  +
0x$(printf %X $((700 * 2352)))  0x$(printf %X $((6 * 2352)))  /
0x$(printf %X $((706 * 2352)))  0x$(printf %X $((794 * 2352)))  +
0x$(printf %X $((1500 * 2352)))  0x$(printf %X $((9 * 2352)))  -
MAP
d="$tmp/bad"
rip_ok audio "$d" --faults "$faults" -- --format bincue,ccd --retries 2
ok $([ $? -eq 5 ] && echo 0 || echo 1) "faults: rip exits 5 (sectors remain unreadable)"
check "faults: the map lists exactly the unreadable sectors as bad" python3 - "$d/audio.map" <<'PY'
import sys
bad = set()
for l in open(sys.argv[1]):
    f = l.split()
    if l.startswith("#") or len(f) != 3 or not f[0].startswith("0x") or f[2] != "-":
        continue
    pos, size = int(f[0], 16) // 2352, int(f[1], 16) // 2352
    bad |= set(range(pos, pos + size))
want = set(range(300, 312)) | set(range(1500, 1509))
sys.exit(0 if bad == want else print(sorted(bad ^ want)) or 1)
PY
check "faults: every other sector (unstable ones too) is the disc's" python3 - "$d/audio.img" "$out/audio.img" <<'PY'
import sys
a, b = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
bad = set(range(300, 312)) | set(range(1500, 1509))
wrong = [l for l in range(len(b) // 2352) if l not in bad and a[l * 2352:(l + 1) * 2352] != b[l * 2352:(l + 1) * 2352]]
sys.exit(0 if len(a) == len(b) and not wrong else print(wrong[:20]) or 1)
PY
unstable=$(python3 -c "import json;print(json.load(open('$d/audio.json'))['sectors']['unstable'])")
check "faults: the 6 unstable sectors needed re-reads (got $unstable)" test "$unstable" -ge 6
check "faults: the log names the bad LBAs" grep -q "1500-1508" "$d/audio.log"

# refine from a second drive serving the same disc without faults.
"$vd" --device /dev/sr1 "$out/audio.ccd" -- "$dw" -q refine "$d/audio" --drive /dev/sr1 --format bincue,ccd 2>>"$d/err"
ok $? "refine from a drive without faults exits 0"
check "refine: the image is now the disc's" cmp -s "$d/audio.img" "$out/audio.img"
check "refine: BINs, cue and hashes match the ground truth" check_outputs audio "$d"

# SIGKILL in the middle, then --resume.
d="$tmp/kill"
mkdir -p "$d"
"$vd" --speed 1 "$out/audio.ccd" -- "$dw" -q rip /dev/sr0 -o "$d/audio" --format bincue,ccd 2>/dev/null &
pid=$!
n=0
while [ $n -lt 100 ]; do
    sleep 0.1
    n=$((n + 1))
    [ -f "$d/audio.map" ] && grep -q '^0x0000.*  +$' "$d/audio.map" 2>/dev/null && [ $n -gt 15 ] && break
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
cp "$d/audio.map" "$tmp/killed.map"
good_before=$(python3 - "$tmp/killed.map" <<'PY'
import sys
n = 0
for l in open(sys.argv[1]):
    f = l.split()
    if not l.startswith("#") and len(f) == 3 and f[0].startswith("0x") and f[2] == "+":
        n += int(f[1], 16) // 2352
print(n)
PY
)
diag "killed after $good_before good sectors"
check "kill: the interrupted rip had some but not all sectors" test "$good_before" -gt 0 -a "$good_before" -lt 2062
"$vd" --log "$tmp/resume.log" "$out/audio.ccd" -- "$dw" -q rip /dev/sr0 -o "$d/audio" --resume --format bincue,ccd \
    --no-test-copy 2>>"$d/err"
ok $? "resume: exits 0"
check "resume: the image equals a clean rip's" cmp -s "$d/audio.img" "$tmp/clean-audio/audio.img"
check "resume: outputs match the ground truth" check_outputs audio "$d"
check "resume: no sector the killed rip had stored was read again" python3 - "$tmp/killed.map" "$tmp/resume.log" <<'PY'
import sys
good = set()
for l in open(sys.argv[1]):
    f = l.split()
    if not l.startswith("#") and len(f) == 3 and f[0].startswith("0x") and f[2] == "+":
        p, s = int(f[0], 16) // 2352, int(f[1], 16) // 2352
        good |= set(range(p, p + s))
again = []
for l in open(sys.argv[2]):
    f = l.split()
    if len(f) > 13 and f[0] == "mmc" and f[1] in ("BE", "D8") and "ok" in f:
        b = [int(x, 16) for x in f[1:13]]
        lba = b[2] << 24 | b[3] << 16 | b[4] << 8 | b[5]
        n = b[6] << 16 | b[7] << 8 | b[8] if f[1] == "BE" else b[6] << 24 | b[7] << 16 | b[8] << 8 | b[9]
        again += [x for x in range(lba, lba + n) if x in good]
sys.exit(0 if not again else print(again[:20]) or 1)
PY

# An existing rip is not overwritten.
"$vd" "$out/audio.ccd" -- "$dw" -q rip /dev/sr0 -o "$tmp/clean-audio/audio" 2>"$tmp/exists.err"
ok $([ $? -eq 7 ] && echo 0 || echo 1) "a second rip to the same BASE exits 7 (exists)"
check "and says how to go on" grep -q -- "--resume" "$tmp/exists.err"

# Images as sources: a CloneCD image converts losslessly; the cue and toc
# a rip wrote give the same BINs again.
for s in audio mixed enhanced; do
    d="$tmp/img-$s"
    mkdir -p "$d"
    "$dw" -q rip "$out/$s.ccd" -o "$d/$s" --format all 2>"$d/err"
    ok $? "$s.ccd as the source: rip exits 0"
    check "$s.ccd as the source: .img and .sub unchanged" sh -c "cmp -s '$d/$s.img' '$out/$s.img' && cmp -s '$d/$s.sub' '$out/$s.sub'"
    check "$s.ccd as the source: outputs match the ground truth" check_outputs "$s" "$d"
    for sheet in cue toc; do
        d2="$tmp/img-$s-$sheet"
        mkdir -p "$d2"
        "$dw" -q rip "$tmp/clean-$s/$s.$sheet" -o "$d2/$s" --format bincue 2>"$d2/err"
        ok $? "$s.$sheet as the source: rip exits 0"
        same=0
        for f in "$tmp/clean-$s/$s ("*.bin; do
            [ "$sheet" = toc ] && [ "$s" = enhanced ] && case $f in *"Track 4"*) continue ;; esac
            cmp -s "$f" "$d2/$(basename "$f")" || same=1
        done
        ok $same "$s.$sheet as the source: the same BINs$([ "$sheet" = toc ] && [ "$s" = enhanced ] && echo ' (a toc holds one session: session 2 skipped)')"
    done
done

# DVD: 2048-byte sectors, faults, refine.
if [ -f "$out/dvd.iso" ]; then
    d="$tmp/dvd"
    mkdir -p "$d"
    "$vd" "$out/dvd.iso" -- "$dw" -q rip /dev/sr0 -o "$d/dvd" 2>"$d/err"
    ok $? "dvd: rip exits 0"
    check "dvd: the ISO is the disc byte for byte" cmp -s "$d/dvd.iso" "$out/dvd.iso"
    check "dvd: the hash sidecar matches" sh -c "cd '$d' && awk '!/^#/ {print \$4\"  \"substr(\$0, index(\$0,\$6))}' dvd.hash | sha1sum -c --quiet"
    printf '0x0  0x%X  +\n0x%X  0x%X  -\n' $((100 * 2048)) $((100 * 2048)) $((20 * 2048)) >"$tmp/dvdfaults.map"
    d="$tmp/dvdbad"
    mkdir -p "$d"
    "$vd" --faults "$tmp/dvdfaults.map" "$out/dvd.iso" -- "$dw" -q rip /dev/sr0 -o "$d/dvd" --retries 1 2>"$d/err"
    ok $([ $? -eq 5 ] && echo 0 || echo 1) "dvd with faults: exits 5"
    "$vd" "$out/dvd.iso" -- "$dw" -q refine "$d/dvd" --drive /dev/sr0 2>>"$d/err"
    ok $? "dvd: refine exits 0"
    check "dvd: refined ISO is the disc" cmp -s "$d/dvd.iso" "$out/dvd.iso"
fi
done_testing
