#!/bin/sh
# author_extract.sh: `discwright extract` (the read side of authoring) and
# deep trees.  Round trips author -> extract for every tree (Rock Ridge and
# UDF against the source: names, bytes, modes, symlinks, hard links,
# mtimes; Joliet against 7-Zip's reading of the same image; plain ISO 9660
# against isoinfo's listing), a single file, a > 4 GiB sparse file through
# multi-extent records, the 12-level tree relocated for ISO 9660 (rr_moved
# with CL/PL/RE) as isoinfo (plain and -R, compared with genisoimage's
# relocation), xorriso, bsdtar, pycdlib and our extract see it, Joliet
# symlinks, hostile images (../evil, '/', a symlink with a directory of the
# same name behind it, an absolute symlink; in Rock Ridge and in UDF) that
# write nothing outside the destination, and overwrite refusal (--force never writes through a
# symlink planted in the destination).
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
py=/usr/bin/python3
tool="$top_srcdir/tests/author/treetool.py"
hostile="$top_srcdir/tests/author/hostile.py"
for t in xorriso isoinfo genisoimage 7z bsdtar; do
    command -v $t >/dev/null 2>&1 || skip_all "$t missing (tools/setup.sh installs it)"
done
$py -c 'import pycdlib' 2>/dev/null || skip_all "python3-pycdlib missing (tools/setup.sh installs it)"
tmp=$(mktemp -d) || exit 1
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
src="$tmp/src"
$py "$tool" make "$src"; ok $? "test tree made"
export SOURCE_DATE_EPOCH=1700000000
deep=level01/level02/level03/level04/level05/level06/level07/level08/level09/level10/level11/level12

"$dw" author "$src" --udf -o "$tmp/a.iso" 2>"$tmp/err"; ok $? "author: ISO 9660 + RR + Joliet + UDF 2.01"

# Rock Ridge: everything comes back.
"$dw" extract "$tmp/a.iso" -o "$tmp/rr" --tree rr 2>"$tmp/err"; ok $? "extract --tree rr"
$py "$tool" compare "$src" "$tmp/rr"; ok $? "rr: names, bytes, modes, symlinks, hard links, mtimes as the source"
test -f "$tmp/rr/$deep/bottom.txt" && test ! -e "$tmp/rr/rr_moved"
ok $? "rr: the 12-level path is back in place (CL/PL/RE), rr_moved hidden"
"$dw" extract "$tmp/a.iso" -o "$tmp/auto" 2>/dev/null && $py "$tool" compare "$src" "$tmp/auto"
ok $? "extract without --tree reads Rock Ridge"

# UDF (2.01): the same, except a 300-byte symlink component UDF cannot hold.
"$dw" extract "$tmp/a.iso" -o "$tmp/udf" --tree udf 2>"$tmp/err"; ok $? "extract --tree udf"
test -L "$tmp/udf/links/long_target"; ok $? "udf: the over-long symlink is a symlink"
$py "$tool" compare "$src" "$tmp/udf" --skip=links/long_target
ok $? "udf: names, bytes, modes, symlinks, hard links, mtimes as the source"
"$dw" author "$src" --udf=2.50 -o "$tmp/u250.iso" 2>/dev/null && "$dw" extract "$tmp/u250.iso" -o "$tmp/udf250" --tree udf 2>/dev/null
$py "$tool" compare "$src" "$tmp/udf250" --skip=links/long_target; ok $? "udf 2.50 (metadata partition): the same"
rm -f "$tmp/u250.iso"

# Joliet: as 7-Zip reads the same tree; symlinks to files in the tree are those files.
"$dw" extract "$tmp/a.iso" -o "$tmp/jol" --tree joliet 2>"$tmp/err"; ok $? "extract --tree joliet"
mkdir "$tmp/7j"
7z x -tiso -o"$tmp/7j" "$tmp/a.iso" >/dev/null 2>&1
(cd "$tmp/jol" && find . | LC_ALL=C sort) >"$tmp/l1"
(cd "$tmp/7j" && find . | LC_ALL=C sort) >"$tmp/l2"
cmp -s "$tmp/l1" "$tmp/l2" && diff -r "$tmp/jol" "$tmp/7j" >/dev/null; ok $? "joliet: the names and bytes 7-Zip reads"
test -f "$tmp/jol/$deep/bottom.txt"; ok $? "joliet: the real 12-level tree"
test -f "$tmp/jol/links/relative" && ! test -L "$tmp/jol/links/relative" && cmp -s "$tmp/jol/links/relative" "$src/sizes/s2049" &&
    test ! -e "$tmp/jol/links/absolute" && test ! -e "$tmp/jol/links/dangling" && test ! -e "$tmp/jol/links/to_dir"
ok $? "joliet: a symlink to a file in the tree is that file; absolute, dangling, directory links left out"
grep -q "links/absolute -> /etc/hostname left out of the Joliet tree" "$tmp/err" || \
    "$dw" author "$src" -o "$tmp/j2.iso" 2>&1 | grep -q "links/absolute -> /etc/hostname left out of the Joliet tree"
ok $? "author warns about symlinks left out of Joliet"

# Plain ISO 9660 names, as isoinfo lists them.
"$dw" extract "$tmp/a.iso" -o "$tmp/iso" --tree iso 2>"$tmp/err"; ok $? "extract --tree iso"
isoinfo -f -i "$tmp/a.iso" | sed -e 's/;1$//' -e 's/\.$//' | tr 'A-Z' 'a-z' | LC_ALL=C sort >"$tmp/l1"
(cd "$tmp/iso" && find . -mindepth 1 | sed 's|^\.||' | LC_ALL=C sort) >"$tmp/l2"
cmp -s "$tmp/l1" "$tmp/l2" && cmp -s "$tmp/iso/sizes/s2049" "$src/sizes/s2049"; ok $? "iso: isoinfo's names, and the bytes"

# Deep tree: ISO 9660 readers see at most 8 levels, Rock Ridge readers the real tree.
mx=$(isoinfo -f -i "$tmp/a.iso" | awk -F/ '{ if (NF - 1 > m) m = NF - 1 } END { print m }')
test "$mx" -eq 8 && isoinfo -f -i "$tmp/a.iso" | grep -q '^/RR_MOVED/LEVEL08/LEVEL09'
ok $? "isoinfo (plain): at most 8 levels ($mx), the rest under /RR_MOVED"
"$dw" author "$src/level01" -o "$tmp/deep.iso"
genisoimage -quiet -R -o "$tmp/deep-g.iso" "$src/level01"
isoinfo -R -f -i "$tmp/deep.iso" | LC_ALL=C sort >"$tmp/l1"
isoinfo -R -f -i "$tmp/deep-g.iso" | LC_ALL=C sort >"$tmp/l2"
cmp -s "$tmp/l1" "$tmp/l2"; ok $? "isoinfo -R: the same relocation genisoimage makes (isoinfo follows no CL)"
xorriso -indev "$tmp/a.iso" -find / -type f -name bottom.txt 2>/dev/null | grep -q "'/$deep/bottom.txt'" &&
    ! xorriso -indev "$tmp/a.iso" -find / 2>/dev/null | grep -q rr_moved
ok $? "xorriso: the 12-level path, no rr_moved"
bsdtar -xOf "$tmp/a.iso" "$deep/bottom.txt" 2>/dev/null | cmp -s - "$src/$deep/bottom.txt"; ok $? "bsdtar: the 12-level path"
$py - "$tmp/a.iso" "$deep" <<'PY'; ok $? "pycdlib (strict, unpatched): the 12-level Rock Ridge path resolves through CL"
import sys, pycdlib
iso = pycdlib.PyCdlib(); iso.open(sys.argv[1])
assert iso.get_record(rr_path="/" + sys.argv[2] + "/bottom.txt").data_length == 19
PY
"$dw" extract "$tmp/deep-g.iso" -o "$tmp/deep-g" 2>/dev/null && $py "$tool" compare "$src/level01" "$tmp/deep-g" --no-times
ok $? "extract undoes genisoimage's relocation too"
"$dw" author "$src/level01" --no-rock-ridge -o "$tmp/norr.iso" 2>/dev/null
"$dw" extract "$tmp/norr.iso" -o "$tmp/norr" --tree iso 2>/dev/null && test -f "$tmp/norr/rr_moved/level09/level10/level11/level12/bottom.txt" &&
    "$dw" extract "$tmp/norr.iso" -o "$tmp/norrj" --tree joliet 2>/dev/null && test -f "$tmp/norrj/level02/level03/level04/level05/level06/level07/level08/level09/level10/level11/level12/bottom.txt"
ok $? "without Rock Ridge: relocated for ISO 9660 readers, deep in Joliet"

# ls --tree: the same reader.
"$dw" ls --tree udf "$tmp/a.iso" /links | grep -q '^lrwxrwxrwx .* /links/relative -> \.\./sizes/s2049$'
ok $? "ls --tree udf: symlinks with their targets"
"$dw" --json ls --tree rr "$tmp/a.iso" | grep -q "\"path\":\"/$deep/bottom.txt\",\"dir\":false,\"size\":19"
ok $? "ls --tree rr --json: the relocated path in place"

# A single file; JSON; errors.
"$dw" extract "$tmp/a.iso" /sizes/s2049 -o "$tmp/one" 2>/dev/null && cmp -s "$tmp/one/s2049" "$src/sizes/s2049" &&
    test "$(ls "$tmp/one")" = s2049; ok $? "a single file lands in DIR under its name"
"$dw" --json extract "$tmp/a.iso" /exec -o "$tmp/js" >"$tmp/json" 2>/dev/null
grep -q '"event":"result"' "$tmp/json" && grep -q '"files":2' "$tmp/json" && grep -q '"tree":"rr"' "$tmp/json" &&
    test -x "$tmp/js/exec/run.sh"; ok $? "--json: a result with counts; a subtree lands under its name"
"$dw" extract "$tmp/a.iso" /nope -o "$tmp/n" 2>"$tmp/err"; rc=$?
test $rc -eq 4 && grep -q nope "$tmp/err"; ok $? "a missing path: exit 4, named [$rc]"
"$dw" extract "$tmp/a.iso" -o "$tmp/n" --tree hfs 2>/dev/null; test $? -eq 2; ok $? "--tree hfs: usage error"
"$dw" extract "$tmp/a.iso" 2>/dev/null; test $? -eq 2; ok $? "no -o: usage error"
"$dw" author "$src/sizes" -o "$tmp/nojol.iso" --no-joliet 2>/dev/null
"$dw" extract "$tmp/nojol.iso" -o "$tmp/n" --tree joliet 2>"$tmp/err"; rc=$?
test $rc -eq 1 && grep -q "no Joliet" "$tmp/err"; ok $? "--tree joliet on an image without Joliet: exit 1, said [$rc]"

# Overwrite refusal; --force replaces but never writes through a symlink.
echo changed >"$tmp/rr/sizes/s1"
"$dw" extract "$tmp/a.iso" -o "$tmp/rr" 2>"$tmp/err"; rc=$?
test $rc -eq 7 && grep -q -- "--force" "$tmp/err" && test "$(cat "$tmp/rr/sizes/s1")" = changed
ok $? "existing files: exit 7, nothing overwritten [$rc]"
echo victim >"$tmp/victim"
rm "$tmp/rr/sizes/s1"; ln -s "$tmp/victim" "$tmp/rr/sizes/s1"
"$dw" extract "$tmp/a.iso" -o "$tmp/rr" --force 2>"$tmp/err"; ok $? "--force replaces"
test "$(cat "$tmp/victim")" = victim && ! test -L "$tmp/rr/sizes/s1" && cmp -s "$tmp/rr/sizes/s1" "$src/sizes/s1" &&
    $py "$tool" compare "$src" "$tmp/rr"; ok $? "--force: the planted symlink replaced, its target untouched"
ls -a "$tmp/rr/sizes" | grep -q partial; test $? -ne 0; ok $? "no temporary files left"

# Hostile images: names patched into an image discwright made.
h="$tmp/h"
mkdir -p "$h/src/sub" "$h/outside" "$h/dest"
echo payload >"$h/src/sub/payload.txt"
echo evil >"$h/src/zzzevil"
echo slash >"$h/src/a_b_c"
echo dots >"$h/src/zz"
echo fine >"$h/src/fine.txt"
ln -s "$h/outside" "$h/src/lnk"
ln -s /etc/passwd "$h/src/abs"
"$dw" author "$h/src" --no-joliet -o "$h/h.iso" 2>/dev/null
$py "$hostile" "$h/h.iso" zzzevil ../evil a_b_c a/b/c zz .. sub lnk; ok $? "hostile image made (../evil, a/b/c, .., a directory named like a symlink)"
"$dw" extract "$h/h.iso" -o "$h/dest" 2>"$h/err"; rc=$?
test $rc -eq 1; ok $? "hostile image: exit 1 [$rc]"
test ! -e "$h/evil" && test ! -e "$tmp/evil" && test -z "$(ls -A "$h/outside")" && test ! -e "$h/dest/a" &&
    test ! -e "$h/dest/evil"; ok $? "nothing written outside the destination (../evil, a/b/c, through lnk)"
grep -q 'unsafe name "../evil"' "$h/err" && grep -q 'unsafe name "a/b/c"' "$h/err" && grep -q 'unsafe name ".."' "$h/err" &&
    grep -q "/lnk: the destination holds a symlink" "$h/err"; ok $? "each refusal is named"
test "$(cat "$h/dest/fine.txt")" = fine && test "$(readlink "$h/dest/abs")" = /etc/passwd && test "$(readlink "$h/dest/lnk")" = "$h/outside"
ok $? "the rest is extracted; symlinks are created, never followed"
grep -q "refused" "$h/err"; ok $? "the summary says entries were refused"
# The same names patched into the UDF tree (FID tags recomputed).
"$dw" author "$h/src" --udf -o "$h/hu.iso" 2>/dev/null
$py "$hostile" --udf "$h/hu.iso" zzzevil ../evil a_b_c a/b/c zz .. sub lnk; ok $? "hostile UDF image made"
mkdir "$h/du"
"$dw" extract "$h/hu.iso" -o "$h/du" --tree udf 2>"$h/err"; rc=$?
test $rc -eq 1 && test ! -e "$h/evil" && test -z "$(ls -A "$h/outside")" && test ! -e "$h/du/a" &&
    grep -q 'unsafe name "../evil"' "$h/err" && grep -q 'unsafe name "a/b/c"' "$h/err" && test "$(cat "$h/du/fine.txt")" = fine &&
    grep -q "/lnk: the destination holds a symlink" "$h/err" && test "$(readlink "$h/du/lnk")" = "$h/outside"
ok $? "hostile UDF image: exit 1, refusals named, nothing outside or through lnk, the rest extracted [$rc]"

# Over 4 GiB: multi-extent records joined (libcdio lists each extent).
avail=$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')
if [ "$avail" -gt 1000000 ]; then
    mkdir "$tmp/big"
    size=$((4097 * 1024 * 1024 + 123))
    truncate -s $size "$tmp/big/big.bin"
    for off in 0 4294965248 4294967295 4294967296 $((size - 5)); do
        printf 'MARK!' | dd of="$tmp/big/big.bin" bs=1 seek=$off conv=notrunc status=none
    done
    "$dw" author "$tmp/big" -o "$tmp/big.iso" 2>/dev/null; ok $? "image with a 4 GiB + 1 MiB file"
    "$dw" extract "$tmp/big.iso" /big.bin -o "$tmp/bigx" --tree iso 2>/dev/null && cmp -s "$tmp/bigx/big.bin" "$tmp/big/big.bin"
    ok $? "multi-extent file joined (ISO tree): every byte"
    test "$(du -k "$tmp/bigx/big.bin" | cut -f1)" -lt 10000; ok $? "the extracted file is sparse"
    rm -f "$tmp/bigx/big.bin"
    "$dw" extract "$tmp/big.iso" -o "$tmp/bigr" 2>/dev/null && cmp -s "$tmp/bigr/big.bin" "$tmp/big/big.bin"
    ok $? "multi-extent file joined (Rock Ridge): every byte"
    rm -f "$tmp/big.iso" "$tmp/bigr/big.bin"
else
    diag "less than 1 GB free in $tmp: the > 4 GiB case is not run"
fi
done_testing
