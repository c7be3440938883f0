#!/bin/sh
# author_mutate.sh: the read side stays bounded on hostile images (issue
# 14).  Authors real images -- ISO 9660 + Rock Ridge + Joliet (deep tree,
# relocated directories, CE areas, symlinks, hard links, a multi-block
# directory), UDF 1.02 / 2.01 / 2.50 bridges, an El Torito + GPT hybrid
# with an appended ESP, a two-session grown image -- then checks a
# valid image with a name holding '\' extracts from the UDF tree, that a
# UDF File Entry claiming 159 TB (tag CRC wrong, then right) makes
# extract write nothing endless, and mutates the images' metadata blocks
# (tests/author/mutate.py: MUTATE_COUNT mutants, a few hundred in `make
# check`, thousands in `make fuzz-long`) running info, ls (every tree),
# verify --fs and extract (every tree) on each: documented exit codes
# only, no crash, no sanitizer report, no command past its CPU limit, no
# extract writing more bytes than the image holds.
. "$top_srcdir/tests/tap.sh"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed for the mutator"
dw="$top_builddir/cli/discwright"
# The program itself rather than libtool's wrapper script (4x faster to start).
lib=
if [ -x "$top_builddir/cli/.libs/discwright" ] && [ -d "$top_builddir/.libs" ]; then
    dw="$top_builddir/cli/.libs/discwright"
    lib="$top_builddir/.libs"
    LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export LD_LIBRARY_PATH
fi
: "${MUTATE_COUNT:=200}"
: "${MUTATE_SEED:=1}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# ---- a small tree with what exercises the readers ---------------------------
src="$tmp/src"
deep="$src/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10"
mkdir -p "$deep" "$src/many" "$src/boot"
echo hello >"$src/a.txt"
echo backslash >"$src/back\\slash.txt"
head -c 70001 /dev/urandom >"$src/random.bin"
head -c 6000 /dev/urandom >"$src/d1/three-blocks.bin"
echo bottom >"$deep/bottom.txt"
ln -s ../a.txt "$src/d1/rel-link"
ln -s /etc/hostname "$src/abs-link"
ln "$src/a.txt" "$src/hard.txt"
long=$(printf 'n%.0s' $(seq 1 200))
echo long >"$src/$long"
i=0
while [ $i -lt 16 ]; do echo "$i" >"$src/many/file-with-a-longer-name-$i.txt"; i=$((i + 1)); done
head -c 4096 /dev/urandom >"$src/boot/boot.img"
: >"$src/empty"

img="$tmp/img"
mkdir -p "$img"
"$dw" author "$src" -o "$img/iso-rr-joliet.iso" -q; ok $? "author: ISO 9660 + Rock Ridge + Joliet"
for rev in 1.02 2.01 2.50; do
    "$dw" author "$src" --udf=$rev -o "$img/udf-$rev.iso" -q; ok $? "author: UDF $rev bridge"
done
esp="$tmp/esp.img"
if command -v mkfs.fat >/dev/null 2>&1; then
    mkfs.fat -C "$esp" 1024 >/dev/null 2>&1
else
    head -c 1048576 /dev/zero >"$esp"
fi
"$dw" author "$src" --udf=2.01 --boot-bios /boot/boot.img --boot-load-size 4 --boot-info-table \
    --append-partition 2:0xef:"$esp" --boot-efi appended:2 --gpt -o "$img/boot-gpt.iso" -q
ok $? "author: El Torito (BIOS + UEFI) with GPT and an appended ESP"
mkdir -p "$tmp/s2/d1"
echo two >"$tmp/s2/two.txt"
echo replaced >"$tmp/s2/a.txt"
echo more >"$tmp/s2/d1/more.txt"
"$dw" burn --author "$src" --multi --drive "stdio:$img/multi.iso" -q >/dev/null 2>&1 &&
    "$dw" burn --author "$tmp/s2" --multi --drive "stdio:$img/multi.iso" -q >/dev/null 2>&1
ok $? "burn --multi: a two-session grown image"
for f in "$img"/*.iso; do
    "$dw" verify --fs "$f" >/dev/null 2>&1 || { echo "# verify --fs fails on $(basename "$f")"; false; } || break
done
ok $? "the unmutated images pass verify --fs"

# ---- a valid name with a backslash, from the UDF tree -----------------------
for rev in 1.02 2.01 2.50; do
    rm -rf "$tmp/bs"
    "$dw" extract "$img/udf-$rev.iso" --tree udf -o "$tmp/bs" 2>"$tmp/err" &&
        cmp -s "$tmp/bs/back\\slash.txt" "$src/back\\slash.txt" && cmp -s "$tmp/bs/random.bin" "$src/random.bin" &&
        test "$(readlink "$tmp/bs/d1/rel-link")" = ../a.txt && cmp -s "$tmp/bs/$long" "$src/$long"
    ok $? "UDF $rev: extract --tree udf writes 'back\\slash.txt' (and the rest) as the source"
done
"$dw" --json ls --tree udf "$img/udf-2.01.iso" | grep -q '"path":"/back\\\\slash.txt","dir":false,"size":10'
ok $? "ls --tree udf lists 'back\\slash.txt' with its size"

# ---- a File Entry that claims 159 TB -----------------------------------------
# random.bin's File Entry (the one whose information length is 70001) in
# the UDF 2.01 image gets 159 TB: first with the tag left as it is (its
# CRC is then wrong), then with tag checksum and CRC recomputed.
big=$((159 * 1024 * 1024 * 1024 * 1024))
for fix in 0 1; do
    python3 - "$img/udf-2.01.iso" "$tmp/huge$fix.iso" $big $fix "$top_srcdir/tests/author" <<'PY' || echo "# patch failed"
import struct, sys
sys.path.insert(0, sys.argv[5])
from mutate import fix_tag, le16
d = bytearray(open(sys.argv[1], "rb").read())
hits = [o for o in range(0, len(d), 2048) if le16(d, o) in (261, 266) and struct.unpack_from("<Q", d, o + 56)[0] == 70001]
assert len(hits) == 1, hits
struct.pack_into("<Q", d, hits[0] + 56, int(sys.argv[3]))
if sys.argv[4] == "1":
    fix_tag(d, hits[0])
open(sys.argv[2], "wb").write(d)
PY
    size=$(stat -c %s "$tmp/huge$fix.iso")
    rm -rf "$tmp/hx"
    (ulimit -t 20; ulimit -f $((size / 512 + 1)); exec "$dw" extract "$tmp/huge$fix.iso" --tree udf -o "$tmp/hx") \
        >/dev/null 2>"$tmp/err"
    rc=$?
    out=$(du -sb --apparent-size "$tmp/hx" 2>/dev/null | cut -f1)
    if [ $fix = 0 ]; then
        test $rc -eq 1 && grep -q "random.bin.*CRC wrong; skipped" "$tmp/err" && test ! -e "$tmp/hx/random.bin" &&
            test "${out:-0}" -lt "$size" && cmp -s "$tmp/hx/a.txt" "$src/a.txt"
        ok $? "159 TB claimed, tag CRC wrong: reported and skipped, the rest extracted, exit 1 [$rc]"
        rm -rf "$tmp/hx"
        "$dw" extract "$tmp/huge$fix.iso" --tree udf -o "$tmp/hx" --force >/dev/null 2>"$tmp/err"; rc=$?
        test $rc -eq 1 && cmp -s "$tmp/hx/random.bin" "$src/random.bin" && grep -q "read anyway" "$tmp/err"
        ok $? "--force: the damaged File Entry is read, cut to its allocation descriptors (70001 bytes) [$rc]"
    else
        test $rc -eq 1 && grep -q "random.bin: its File Entry claims $big bytes, its allocation descriptors hold 70001" \
            "$tmp/err" && test ! -e "$tmp/hx/random.bin" && test "${out:-0}" -lt "$size"
        ok $? "159 TB claimed, tag valid: cut to the allocation descriptors, marked damaged, not written [$rc]"
        "$dw" --json ls --tree udf "$tmp/huge$fix.iso" 2>/dev/null |
            grep -q '"path":"/random.bin","dir":false,"size":70001,"lba":[0-9]*,"type":"-","mode":"0644","damaged":true'
        ok $? "ls --tree udf --json: the size the allocation descriptors hold, marked damaged"
        rm -rf "$tmp/hx"
        "$dw" --json extract "$tmp/huge$fix.iso" --tree udf -o "$tmp/hx" 2>/dev/null >"$tmp/json"; rc=$?
        test $rc -eq 1 && grep -q '"refused":1,"damaged":1,' "$tmp/json" && grep -q '"event":"error"' "$tmp/json"
        ok $? "extract --json: one entry refused, one problem, an error event [$rc]"
    fi
    "$dw" verify --fs "$tmp/huge$fix.iso" >/dev/null 2>&1; test $? -eq 6; ok $? "verify --fs reports the damage (exit 6)"
done

# ---- a Rock Ridge relocation that would make the tree a cycle -----------------
python3 "$top_srcdir/tests/author/rr_loop.py" "$img/iso-rr-joliet.iso" "$tmp/loop.iso" >/dev/null
ok $? "rr_loop.py: a placeholder paired with its own ancestor"
(ulimit -t 20; exec "$dw" ls --tree rr "$tmp/loop.iso") >"$tmp/out" 2>"$tmp/err"; rc=$?
test $rc -eq 0 && grep -q "bottom.txt: relocated directory is above it (a loop); left empty" "$tmp/err" &&
    grep -q ' /d1/d2/d3/d4/d5/d6/d7/d8/d9/d10$' "$tmp/out"
ok $? "ls --tree rr: the loop refused and named, the real relocation still undone [$rc]"
rm -rf "$tmp/lx"
(ulimit -t 20; exec "$dw" extract "$tmp/loop.iso" -o "$tmp/lx") >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 1 && cmp -s "$tmp/lx/a.txt" "$src/a.txt" && test -d "$tmp/lx/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10"
ok $? "extract: ends (exit 1: the image is damaged), the rest written [$rc]"

# ---- the mutants ---------------------------------------------------------------
python3 "$top_srcdir/tests/author/mutate.py" --dw "$dw" ${lib:+--lib "$lib"} --work "$tmp/mut" \
    --count "$MUTATE_COUNT" --seed "$MUTATE_SEED" "$img"/*.iso >"$tmp/mutate.out" 2>&1
rc=$?
grep '^#' "$tmp/mutate.out"
grep -q '^RESULT' "$tmp/mutate.out" || { sed 's/^/# /' "$tmp/mutate.out" | tail -n 30; ok 1 "mutate.py ran [$rc]"; }
while read -r word st desc; do
    [ "$word" = RESULT ] && ok "$st" "$desc"
done <"$tmp/mutate.out"
if [ -n "$(ls "$tmp/mut/failed" 2>/dev/null)" ] && [ -n "${MUTATE_KEEP:-}" ]; then
    mkdir -p "$MUTATE_KEEP" && cp "$tmp"/mut/failed/* "$MUTATE_KEEP/" && diag "failing mutants kept in $MUTATE_KEEP"
fi
done_testing
