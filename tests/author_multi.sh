#!/bin/sh
# author_multi.sh: multisession authoring (mkisofs -C/-M semantics).
# Three sessions authored straight onto a stdio: file with
# `burn --author DIR --multi` grow one ISO: the new session keeps the old
# files where they are, a file of the same path is replaced, directories
# merge.  Read back by xorriso -indev, discwright ls and isoinfo: names,
# bytes, Rock Ridge modes and symlinks, the volume size covering the
# grown image.  A genisoimage first session with data in blocks 0..31
# (rewritten by growing): copied, a big file split into a multi-extent
# file that a third session keeps.  Then `author --prev X --start-lba N`
# (and its `mkisofs -C msc1,nwa -M X` twin, same bytes) appended with
# `burn --multi`; a Joliet-only and a xorriso-made previous session; the
# bad inputs (start inside the previous session, not an ISO, UDF); and
# reproducibility (same inputs and date, same bytes).
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
command -v xorriso >/dev/null 2>&1 || skip_all "xorriso is needed to read the images back (tools/setup.sh)"
command -v isoinfo >/dev/null 2>&1 || skip_all "isoinfo (genisoimage) is needed (tools/setup.sh)"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed to read the JSON"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

json() { python3 -c "import json,sys; d=[json.loads(l) for l in open(sys.argv[1])][-1]['data']; print(($2))" "$1"; }
# Files of the image's newest tree, as "type mode size path" lines (xorriso).
xlist() { xorriso -indev "stdio:$1" -find / -exec lsdl 2>/dev/null | sed 's/ *$//' | sort -k9 >"$2"; }
# Extract the whole tree with xorriso into $2.
xtract() { rm -rf "$2"; xorriso -osirrox on -indev "stdio:$1" -extract / "$2" >/dev/null 2>&1; }
# The tree a reader should see: sessions overlaid in order.
overlay() { out=$1; shift; rm -rf "$out"; mkdir -p "$out"; for d in "$@"; do cp -a "$d/." "$out/"; done; }
# Compare two trees: names, types, bytes, symlink targets and permission bits.
same_tree() {
    (cd "$1" && find . -printf '%y %m %p %l\n' | sort) >"$tmp/t1.lst"
    (cd "$2" && find . -printf '%y %m %p %l\n' | sort) >"$tmp/t2.lst"
    diff "$tmp/t1.lst" "$tmp/t2.lst" >&2 && diff -r --no-dereference "$1" "$2" >&2
}

# --- the sources ------------------------------------------------------------
mkdir -p "$tmp/s1/sub/deep" "$tmp/s2/sub" "$tmp/s2/newdir/inner" "$tmp/s3"
echo hello >"$tmp/s1/a.txt"; chmod 600 "$tmp/s1/a.txt"; touch -d '2001-02-03 04:05:06 UTC' "$tmp/s1/a.txt"
head -c 5000001 /dev/urandom >"$tmp/s1/aa_big.bin"
echo old >"$tmp/s1/sub/replace.txt"
echo deep >"$tmp/s1/sub/deep/d.txt"
printf '#!/bin/sh\n' >"$tmp/s1/sub/run.sh"; chmod 751 "$tmp/s1/sub/run.sh"
ln -s ../a.txt "$tmp/s1/sub/link"
ln -s /etc/hostname "$tmp/s1/abs"
: >"$tmp/s1/empty"
echo new-content >"$tmp/s2/sub/replace.txt"
echo two >"$tmp/s2/two.txt"
head -c 70000 /dev/urandom >"$tmp/s2/newdir/inner/n.bin"
chmod 700 "$tmp/s2/newdir"
echo three >"$tmp/s3/three.txt"
echo deep3 >"$tmp/s3/replaced-later.txt"
g="$tmp/grown.iso"

# --- session 1 and 2 straight onto a stdio file ------------------------------
"$dw" --json burn --author "$tmp/s1" --multi --drive "stdio:$g" >"$tmp/b1.json" 2>"$tmp/err"; rc=$?
test $rc -eq 0 && test "$(json "$tmp/b1.json" "d['start_lba'],d['appended']")" = "(0, False)"
ok $? "session 1: burn --author --multi onto a new stdio file, at LBA 0 [$rc]"
"$dw" --json media --drive "stdio:$g" >"$tmp/m1.json"
nwa=$(json "$tmp/m1.json" "d['nwa']"); msc1=$(json "$tmp/m1.json" "d['msc1']")
test "$(json "$tmp/m1.json" "d['status']")" = appendable && test "$nwa" -gt 0
ok $? "media: appendable, -C $msc1,$nwa"
cp "$g" "$tmp/after1.iso"
"$dw" --json burn --author "$tmp/s2" --multi --drive "stdio:$g" >"$tmp/b2.json" 2>"$tmp/err"; rc=$?
test $rc -eq 0 && test "$(json "$tmp/b2.json" "d['start_lba'],d['appended'],d['superblock_updated']")" = "($nwa, True, True)"
ok $? "session 2 authored against the medium, appended at $nwa, superblock updated [$rc]"
b2=$(json "$tmp/b2.json" "d['blocks']")
test "$b2" -lt 100; ok $? "session 2 holds only new blocks ($b2, the 5 MB file is not copied)"
test "$(stat -c %s "$g")" -eq $(( (nwa + b2) * 2048 )); ok $? "the file grew to nwa + session 2"

xlist "$g" "$tmp/x2.txt"
for f in /a.txt /aa_big.bin /sub/replace.txt /sub/deep/d.txt /sub/run.sh /sub/link /abs /empty /two.txt \
         /newdir/inner/n.bin; do
    grep -q "'$f'" "$tmp/x2.txt" || { echo "# xorriso misses $f" >&2; false; } || break
done
ok $? "xorriso -indev lists the files of both sessions"
"$dw" ls "$g" >"$tmp/ls2.txt" 2>&1; rc=$?
test $rc -eq 0 && grep -q ' /a.txt$' "$tmp/ls2.txt" && grep -q ' /two.txt$' "$tmp/ls2.txt" &&
    grep -q ' /newdir/inner/n.bin$' "$tmp/ls2.txt" && grep -q ' /sub/deep/d.txt$' "$tmp/ls2.txt"
ok $? "discwright ls lists the files of both sessions [$rc]"
overlay "$tmp/exp2" "$tmp/s1" "$tmp/s2"
xtract "$g" "$tmp/out2"
same_tree "$tmp/exp2" "$tmp/out2"; ok $? "extracted bytes, names, modes and symlinks equal session 1 + 2 sources"
test "$(cat "$tmp/out2/sub/replace.txt")" = new-content; ok $? "the replaced file has the new content"
test "$(readlink "$tmp/out2/sub/link")" = ../a.txt && test "$(readlink "$tmp/out2/abs")" = /etc/hostname &&
    test "$(stat -c %a "$tmp/out2/sub/run.sh")" = 751 && test "$(stat -c %a "$tmp/out2/a.txt")" = 600
ok $? "Rock Ridge modes and symlinks of session 1 survive"
test "$(stat -c %Y "$tmp/out2/a.txt")" = "$(date -d '2001-02-03 04:05:06 UTC' +%s)"
ok $? "Rock Ridge times of session 1 survive (a.txt from 2001)"
vs=$(isoinfo -d -i "$g" | sed -n 's/^Volume size is: //p')
test "$vs" -eq $((nwa + b2)); ok $? "isoinfo -d: volume size $vs covers the grown image"
isoinfo -R -x /sub/replace.txt -i "$g" 2>/dev/null | grep -q new-content
ok $? "isoinfo -R -x reads the replaced file"
isoinfo -J -f -i "$g" 2>/dev/null | sed "s/;1$//" >"$tmp/j.txt"
grep -qx '/sub/replace.txt' "$tmp/j.txt" && grep -qx '/newdir/inner/n.bin' "$tmp/j.txt" && grep -qx '/aa_big.bin' "$tmp/j.txt"
ok $? "the Joliet tree holds both sessions' files"
xorriso -indev "stdio:$g" -find / -type f -exec report_lba 2>/dev/null >"$tmp/lba2.txt"
awk -v n="$nwa" '/File data lba/ && /a.txt|aa_big|run.sh|d.txt/ { if ($5 + 0 < 32 || $5 + 0 >= n) bad = 1; c++ }
    END { exit (bad || c != 4) }' FS='[ ,]+' "$tmp/lba2.txt"
ok $? "session 1's files stay where they were (from block 32 on, below $nwa): nothing copied"

# --- session 3: a multi-extent file of a previous session survives ------------
"$dw" --json burn --author "$tmp/s3" --multi --drive "stdio:$g" >"$tmp/b3.json" 2>"$tmp/err"; rc=$?
nwa3=$(json "$tmp/b3.json" "d['start_lba']")
test $rc -eq 0 && test "$nwa3" -gt "$nwa"; ok $? "session 3 appended at $nwa3 [$rc]"
overlay "$tmp/exp3" "$tmp/s1" "$tmp/s2" "$tmp/s3"
xtract "$g" "$tmp/out3"
same_tree "$tmp/exp3" "$tmp/out3"; ok $? "after session 3: all three sessions' files, bytes equal"
vs=$(isoinfo -d -i "$g" | sed -n 's/^Volume size is: //p')
test $((vs * 2048)) -eq "$(stat -c %s "$g")"; ok $? "volume size after session 3 is the file size"

# --- author --prev X --start-lba N, appended by burn --multi --------------------
cp "$tmp/after1.iso" "$tmp/p.iso"
"$dw" author --prev "$tmp/p.iso" --start-lba "$nwa" -o "$tmp/s2.iso" "$tmp/s2" 2>"$tmp/err"; rc=$?
test $rc -eq 0; ok $? "author --prev --start-lba $nwa [$rc]"
cmp -s "$tmp/p.iso" "$tmp/after1.iso"; ok $? "the previous image is only read"
"$dw" mkisofs -R -J -C "0,$nwa" -M "$tmp/p.iso" -o "$tmp/s2m.iso" "$tmp/s2" 2>"$tmp/err"; rc=$?
test $rc -eq 0 && cmp -s "$tmp/s2.iso" "$tmp/s2m.iso"; ok $? "mkisofs -C 0,$nwa -M: the same bytes [$rc]"
"$dw" --json burn "$tmp/s2.iso" --drive "stdio:$tmp/p.iso" --multi >"$tmp/b4.json" 2>"$tmp/err"; rc=$?
test $rc -eq 0 && test "$(json "$tmp/b4.json" "d['start_lba'],d['superblock_updated']")" = "($nwa, True)"
ok $? "burn --multi appends the authored session at $nwa [$rc]"
xtract "$tmp/p.iso" "$tmp/out4"
same_tree "$tmp/exp2" "$tmp/out4"; ok $? "read back: both sessions' files, bytes equal"
"$dw" author --prev "$tmp/after1.iso" --start-lba "$nwa" -o "$tmp/s2b.iso" "$tmp/s2" 2>/dev/null
cmp -s "$tmp/s2.iso" "$tmp/s2b.iso"; ok $? "reproducible: same inputs and date, same bytes"
"$dw" author --prev "$tmp/after1.iso" -o "$tmp/s2c.iso" "$tmp/s2" 2>/dev/null; rc=$?
test $rc -eq 0 && cmp -s "$tmp/s2.iso" "$tmp/s2c.iso"; ok $? "--prev without --start-lba: the previous end rounded up to 32 [$rc]"

# --- bad input ---------------------------------------------------------------
"$dw" author --prev "$tmp/after1.iso" --start-lba 20 -o "$tmp/bad.iso" "$tmp/s2" 2>"$tmp/err"; rc=$?
test $rc -eq 2 && grep -q 'inside the previous session' "$tmp/err" && test ! -e "$tmp/bad.iso"
ok $? "start LBA inside the previous session: exit 2, says so [$rc]"
head -c 200000 /dev/urandom >"$tmp/noiso.bin"
"$dw" author --prev "$tmp/noiso.bin" --start-lba 200 -o "$tmp/bad.iso" "$tmp/s2" 2>"$tmp/err"; rc=$?
test $rc -ne 0 && grep -q 'noiso.bin.*no ISO 9660 volume descriptor' "$tmp/err" && test ! -e "$tmp/bad.iso"
ok $? "previous image not an ISO: fails naming it [$rc]"
"$dw" author --prev "$tmp/missing.iso" -o "$tmp/bad.iso" "$tmp/s2" 2>"$tmp/err"; rc=$?
test $rc -ne 0 && grep -q 'missing.iso' "$tmp/err"; ok $? "missing previous image: fails naming it [$rc]"
"$dw" author --udf --prev "$tmp/after1.iso" -o "$tmp/bad.iso" "$tmp/s2" 2>"$tmp/err"; rc=$?
test $rc -ne 0 && grep -q 'UDF' "$tmp/err"; ok $? "UDF with a previous session: refused, says why [$rc]"
cp "$tmp/after1.iso" "$tmp/same.iso"
"$dw" author --force --prev "$tmp/same.iso" -o "$tmp/same.iso" "$tmp/s2" 2>"$tmp/err"; rc=$?
test $rc -eq 2 && cmp -s "$tmp/same.iso" "$tmp/after1.iso"; ok $? "-o the previous image itself: refused, image kept [$rc]"
"$dw" mkisofs -R -M "$tmp/after1.iso" -o "$tmp/bad.iso" "$tmp/s2" 2>"$tmp/err"; rc=$?
test $rc -eq 2 && grep -q -- '-C' "$tmp/err"; ok $? "mkisofs -M without -C: usage error [$rc]"
"$dw" mkisofs -R -C 12 -M "$tmp/after1.iso" -o "$tmp/bad.iso" "$tmp/s2" 2>"$tmp/err"; rc=$?
test $rc -eq 2; ok $? "mkisofs -C with one number: usage error [$rc]"

# --- previous sessions written by others -----------------------------------------
# Joliet only (no Rock Ridge): the names come from the Joliet tree.
mkdir -p "$tmp/j1/Mixed Case Dir"
echo j >"$tmp/j1/Mixed Case Dir/Long file name with spaces.txt"
"$dw" author --no-rock-ridge -o "$tmp/j.iso" "$tmp/j1" 2>/dev/null
"$dw" burn --author "$tmp/s3" --multi --drive "stdio:$tmp/j.iso" >/dev/null 2>"$tmp/err"; rc=$?
xlist "$tmp/j.iso" "$tmp/xj.txt"
test $rc -eq 0 && grep -q "'/Mixed Case Dir/Long file name with spaces.txt'" "$tmp/xj.txt" &&
    grep -q "'/three.txt'" "$tmp/xj.txt"
ok $? "a Joliet-only previous session keeps its Joliet names [$rc]"
# Made by xorriso: its Rock Ridge tree is continued.
xorriso -as mkisofs -quiet -R -J -o "$tmp/x.iso" "$tmp/s1" 2>/dev/null
"$dw" burn --author "$tmp/s2" --multi --drive "stdio:$tmp/x.iso" >/dev/null 2>"$tmp/err"; rc=$?
xtract "$tmp/x.iso" "$tmp/outx"
test $rc -eq 0 && same_tree "$tmp/exp2" "$tmp/outx"; ok $? "a xorriso-made previous session: continued, bytes equal [$rc]"
# genisoimage puts file data right after the directories, in blocks 0..31 that
# growing rewrites: small files there are copied into the new session, a
# large one keeps its part from block 32 on and becomes multi-extent.
mkdir -p "$tmp/g1"; echo a >"$tmp/g1/a.txt"; cp "$tmp/s1/aa_big.bin" "$tmp/g1/0big.bin"
genisoimage -quiet -R -o "$tmp/gi.iso" "$tmp/g1" 2>/dev/null
xorriso -indev "stdio:$tmp/gi.iso" -find / -type f -exec report_lba 2>/dev/null | grep 'File data lba' |
    sed 's/  */ /g' | tr '\n' ';' >"$tmp/gl.txt"
"$dw" burn --author "$tmp/s2" --multi --drive "stdio:$tmp/gi.iso" >/dev/null 2>"$tmp/err"; rc=$?
xorriso -indev "stdio:$tmp/gi.iso" -find /0big.bin -exec report_lba 2>/dev/null | grep -c 'File data lba' >"$tmp/nx"
test $rc -eq 0 && test "$(cat "$tmp/nx")" -ge 2
ok $? "genisoimage session 1: its big file in blocks 0..31 became multi-extent ($(cat "$tmp/nx") extents; was $(cat "$tmp/gl.txt")) [$rc]"
overlay "$tmp/expg" "$tmp/g1" "$tmp/s2"
xtract "$tmp/gi.iso" "$tmp/outg"
same_tree "$tmp/expg" "$tmp/outg"; ok $? "genisoimage session 1 + ours: bytes equal (blocks 0..31 data kept)"
"$dw" burn --author "$tmp/s3" --multi --drive "stdio:$tmp/gi.iso" >/dev/null 2>"$tmp/err"; rc=$?
overlay "$tmp/expg3" "$tmp/g1" "$tmp/s2" "$tmp/s3"
xtract "$tmp/gi.iso" "$tmp/outg3"
test $rc -eq 0 && same_tree "$tmp/expg3" "$tmp/outg3"; ok $? "a third session keeps the multi-extent file [$rc]"
"$dw" ls "$tmp/gi.iso" >"$tmp/lsg.txt" 2>&1
test "$(grep -c ' /0big.bin$' "$tmp/lsg.txt")" -eq 1 && grep -q ' 5000001 .*/0big.bin$' "$tmp/lsg.txt"
ok $? "discwright ls: the multi-extent file once, whole size"
mkdir -p "$tmp/g2"; echo small >"$tmp/g2/small.txt"; head -c 9000 /dev/urandom >"$tmp/g2/s9k.bin"
genisoimage -quiet -R -o "$tmp/gs.iso" "$tmp/g2" 2>/dev/null
"$dw" burn --author "$tmp/s3" --multi --drive "stdio:$tmp/gs.iso" >/dev/null 2>"$tmp/err"; rc=$?
xorriso -indev "stdio:$tmp/gs.iso" -find / -type f -exec report_lba 2>/dev/null >"$tmp/lbas.txt"
overlay "$tmp/expgs" "$tmp/g2" "$tmp/s3"
xtract "$tmp/gs.iso" "$tmp/outgs"
test $rc -eq 0 && same_tree "$tmp/expgs" "$tmp/outgs" &&
    awk '/File data lba/ && /small|s9k/ { if ($5 + 0 < 32) bad = 1; c++ } END { exit (bad || c != 2) }' FS='[ ,]+' "$tmp/lbas.txt"
ok $? "small files of a session in blocks 0..31 are copied whole into the new one, bytes equal [$rc]"
"$dw" verify --fs "$tmp/gi.iso" >/dev/null 2>&1; rc=$?
test $rc -eq 0; ok $? "verify --fs: the grown image's structures are good [$rc]"
# genisoimage relocates directories deeper than 8 (rr_moved, CL/RE): the deep path is read whole.
mkdir -p "$tmp/deep/a/b/c/d/e/f/g/h/i/j"; echo deepfile >"$tmp/deep/a/b/c/d/e/f/g/h/i/j/z.txt"
genisoimage -quiet -R -o "$tmp/gd.iso" "$tmp/deep" 2>/dev/null
"$dw" burn --author "$tmp/s3" --multi --drive "stdio:$tmp/gd.iso" >/dev/null 2>"$tmp/err"; rc=$?
xtract "$tmp/gd.iso" "$tmp/outd"
test $rc -eq 0 && test "$(cat "$tmp/outd/a/b/c/d/e/f/g/h/i/j/z.txt")" = deepfile && test ! -e "$tmp/outd/rr_moved" &&
    test -f "$tmp/outd/three.txt"
ok $? "genisoimage's relocated deep directories: continued in place, no rr_moved left [$rc]"
# And xorriso can continue ours (the old path: an image made with xorriso -C appended by burn --multi).
"$dw" --json media --drive "stdio:$g" >"$tmp/m5.json"
n5=$(json "$tmp/m5.json" "d['nwa']")
mkdir -p "$tmp/s5"; echo five >"$tmp/s5/five.txt"
xorriso -as mkisofs -quiet -R -J -C "0,$n5" -M "stdio:$g" -o "$tmp/s5.iso" "$tmp/s5" 2>/dev/null
"$dw" burn "$tmp/s5.iso" --drive "stdio:$g" --multi >/dev/null 2>"$tmp/err"; rc=$?
overlay "$tmp/exp5" "$tmp/s1" "$tmp/s2" "$tmp/s3" "$tmp/s5"
xtract "$g" "$tmp/out5"
test $rc -eq 0 && same_tree "$tmp/exp5" "$tmp/out5"; ok $? "xorriso -C -M continues our grown image, burn --multi appends it [$rc]"
done_testing
