#!/bin/sh
# bench_author.sh: image authoring speed and memory (not a test).
#
# Usage: bench_author.sh DISCWRIGHT [MIB] [FILES] [SMALL_FILES]
# Two trees: FILES files holding MIB MiB in all (default 20,000 / 1024),
# and SMALL_FILES small files (default 50,000).  For each, one run of
# each contender, interleaved: discwright author (-R -J level 3 defaults),
# xorriso -as mkisofs -R -J -iso-level 3, genisoimage -R -J -iso-level 3,
# discwright --udf, genisoimage -udf, and the physical limit (read every
# file once, write one file of the image's size).  Prints the best wall
# time of three runs (BENCH_AUTHOR_RUNS) and peak RSS from /usr/bin/time -v, and the ratios the issue asks for; then
# the UDF bridge's blocks per file and directory for each revision, in
# all and beyond the fixed volume structure (the cost of an empty tree:
# recognition sequence, descriptor sequences, integrity descriptor,
# anchors, FSD).
set -eu
dw=$1
mib=${2:-1024}
nfiles=${3:-20000}
nsmall=${4:-50000}
work=$(mktemp -d "${TMPDIR:-/tmp}/dwbench-XXXXXX")
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000

/usr/bin/python3 - "$work/big" "$mib" "$nfiles" "$work/small" "$nsmall" <<'PY'
import os, sys, random
top, mib, n, stop, ns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
rnd = random.Random(1)
total = mib << 20
sizes = [rnd.randint(0, 2 * total // n) for _ in range(n)]
scale = total / max(1, sum(sizes))
blob = os.urandom(8 << 20)
for i, s in enumerate(sizes):
    d = os.path.join(top, "d%03d" % (i // 200), "e%d" % (i % 7))
    os.makedirs(d, exist_ok=True)
    s = int(s * scale)
    with open(os.path.join(d, "file%05d.bin" % i), "wb") as f:
        o = (i * 4099) % (len(blob) // 2)
        while s > 0:
            k = min(s, len(blob) - o)
            f.write(blob[o:o + k]); s -= k; o = 0
for i in range(ns):
    d = os.path.join(stop, "d%03d" % (i // 500))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "small%05d.txt" % i), "wb") as f:
        f.write(b"x" * (i % 3000))
PY
mkdir "$work/empty"
sync

run() { # name, command...: prints "name wall_s rss_kb" (best wall of BENCH_AUTHOR_RUNS, default 3)
    name=$1; shift
    best= rss=0
    i=0
    while [ $i -lt "${BENCH_AUTHOR_RUNS:-3}" ]; do
        i=$((i + 1))
        rm -f "$work/out.iso"
        sync
        # The same start for everyone: the tree in the page cache, no writeback pending.
        find "$work/$tree" -type f -print0 | xargs -0 cat >/dev/null
        /usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>"$work/err" || { echo "$name FAILED"; cat "$work/err"; return; }
        w=$(awk -F': ' '/Elapsed/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$work/time")
        r=$(awk -F': ' '/Maximum resident/ { print $2 }' "$work/time")
        best=$(awk -v a="$best" -v b="$w" 'BEGIN { print (a == "" || b < a) ? b : a }')
        [ "$r" -gt "$rss" ] && rss=$r
    done
    echo "$name $best $rss" | tee -a "$work/results"
}

# The physical limit: read every file once, write one file of the image's size.
cat >"$work/limit.sh" <<'SH'
find "$1" -type f -print0 | xargs -0 cat >/dev/null
dd if=/dev/zero of="$2" bs=1M count=$(($3 / 1048576 + 1)) status=none
SH

for tree in big small; do
    : >"$work/results"
    echo "== tree $tree: $(find "$work/$tree" -type f | wc -l) files, $(du -sm "$work/$tree" | cut -f1) MiB"
    blocks=$("$dw" author "$work/$tree" --print-size)
    run discwright "$dw" author "$work/$tree" -o "$work/out.iso"
    run xorriso xorriso -as mkisofs -quiet -R -J -iso-level 3 -o "$work/out.iso" "$work/$tree"
    run genisoimage genisoimage -quiet -R -J -iso-level 3 -o "$work/out.iso" "$work/$tree"
    run discwright-udf "$dw" author "$work/$tree" --udf -o "$work/out.iso"
    run genisoimage-udf genisoimage -quiet -R -J -udf -iso-level 3 -o "$work/out.iso" "$work/$tree"
    run limit sh "$work/limit.sh" "$work/$tree" "$work/out.iso" $((blocks * 2048))
    awk '{ w[$1] = $2; r[$1] = $3 }
         END {
           printf "  discwright/xorriso wall %.2f (goal <= 0.7), /limit %.2f (goal <= 1.2), RSS/xorriso %.2f (goal <= 0.5)\n",
                  w["discwright"] / w["xorriso"], w["discwright"] / w["limit"], r["discwright"] / r["xorriso"];
           printf "  discwright/genisoimage wall %.2f; with UDF: discwright/genisoimage-udf %.2f\n",
                  w["discwright"] / w["genisoimage"], w["discwright-udf"] / w["genisoimage-udf"];
         }' "$work/results"
    n=$(find "$work/$tree" | wc -l)
    for rev in 1.02 2.01 2.50; do
        udf=$("$dw" author "$work/$tree" --udf=$rev --print-size)
        fixed=$(($("$dw" author "$work/empty" --udf=$rev --print-size) - $("$dw" author "$work/empty" --print-size) - 1))
        awk -v u=$((udf - blocks)) -v n=$n -v f=$fixed -v r=$rev 'BEGIN {
            printf "  UDF %s bridge: %d blocks for %d files and directories: %.4f per entry (goal <= 1), %.4f beyond the fixed %d\n",
                   r, u, n, u / n, (u - f) / n, f }'
    done
done
