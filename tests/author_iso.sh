#!/bin/sh
# author_iso.sh: `discwright author` on an awkward tree (12 levels, names
# of 1-200 characters, accents, CJK, emoji, case collisions, symlinks
# relative/absolute/dangling, hard links, 0/2047/2048/2049-byte files,
# 2,000 files in one directory), read back by independent readers and
# compared with the source: pycdlib (strict, Rock Ridge and Joliet trees),
# xorriso -indev extraction, bsdtar, 7z, isoinfo.  Also: reproducibility,
# --print-size, levels 1 and 2, excludes, grafts, volume ids, and the
# CLI's errors (missing source, existing output, unknown mkisofs option).
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
py=/usr/bin/python3
tool="$top_srcdir/tests/author/treetool.py"
for t in xorriso isoinfo 7z bsdtar udfinfo; do
    command -v $t >/dev/null 2>&1 || skip_all "$t missing (tools/setup.sh installs it)"
done
$py -c 'import pycdlib' 2>/dev/null || skip_all "python3-pycdlib missing (tools/setup.sh installs it)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
src="$tmp/src"
$py "$tool" make "$src"; ok $? "test tree made"
export SOURCE_DATE_EPOCH=1700000000

"$dw" author "$src" -o "$tmp/a.iso" --volid TESTVOL --publisher "Pub" 2>"$tmp/err"; ok $? "author writes the image"
$py "$tool" pycdlib "$tmp/a.iso" "$src"; ok $? "pycdlib: Rock Ridge names, bytes, modes, symlinks, link counts, times"
$py "$tool" pycdlib "$tmp/a.iso" "$src" --joliet; ok $? "pycdlib: Joliet tree"
mkdir "$tmp/x"
xorriso -osirrox on -hardlinks on -indev "$tmp/a.iso" -extract / "$tmp/x" >/dev/null 2>&1; ok $? "xorriso extracts"
$py "$tool" compare "$src" "$tmp/x"; ok $? "xorriso: names, bytes, modes, symlinks, hard links, times"
mkdir "$tmp/b"
bsdtar -xf "$tmp/a.iso" -C "$tmp/b"; ok $? "bsdtar extracts"
$py "$tool" compare "$src" "$tmp/b"; ok $? "bsdtar: names, bytes, modes, symlinks, hard links, times"
mkdir "$tmp/7"
7z x -o"$tmp/7" "$tmp/a.iso" >/dev/null; ok $? "7z extracts"
$py "$tool" digests "$src" >"$tmp/d1"
$py "$tool" digests "$tmp/7" >"$tmp/d2"
$py "$tool" digests "$src" --joliet-links >"$tmp/d3"
cmp -s "$tmp/d3" "$tmp/d2"; ok $? "7z (Joliet: a symlink to a file in the tree is that file): the same file contents"
# isoinfo follows no CL entries: below level 8 it lists the relocated
# directories under /rr_moved and a placeholder for level08.
isoinfo -R -f -i "$tmp/a.iso" | grep -v '^/rr_moved' | sed 's|^/||' | LC_ALL=C sort >"$tmp/l1"
(cd "$src" && find . -mindepth 1 | sed 's|^\./||' | grep -v '/level08/' | LC_ALL=C sort) >"$tmp/l2"
cmp -s "$tmp/l1" "$tmp/l2"; ok $? "isoinfo -R -f: every path above the relocation"
isoinfo -d -i "$tmp/a.iso" >"$tmp/d"
grep -q "^Volume id: TESTVOL" "$tmp/d" && grep -q "^Publisher id: Pub" "$tmp/d" && grep -q "Joliet" "$tmp/d" &&
    grep -q "Rock Ridge" "$tmp/d"; ok $? "isoinfo -d: volume id, publisher, Joliet, Rock Ridge"
blocks=$("$dw" author "$src" --print-size)
test "$blocks" -eq $(($(stat -c %s "$tmp/a.iso") / 2048)); ok $? "--print-size matches the image ($blocks blocks)"

# Reproducible: the same tree gives the same bytes, also through stdout.
"$dw" author "$src" -o - --volid TESTVOL --publisher "Pub" >"$tmp/b.iso"; ok $? "author -o - writes stdout"
cmp -s "$tmp/a.iso" "$tmp/b.iso"; ok $? "two builds under SOURCE_DATE_EPOCH are byte-identical"
cp -a "$src" "$tmp/src2"
touch -a "$tmp/src2/sizes/s1"   # atimes and ctimes differ; only mtimes count
"$dw" author "$tmp/src2" -o "$tmp/c.iso" --date 1700000000 --volid TESTVOL --publisher "Pub"
cmp -s "$tmp/a.iso" "$tmp/c.iso"; ok $? "a copy of the tree (other inodes, atimes) gives the same bytes with --date"

# Levels 1 and 2: ISO names stay within the level and are unique.
for lvl in 1 2; do
    "$dw" author "$src" -o "$tmp/l$lvl.iso" --iso-level $lvl --no-joliet; ok $? "level $lvl image"
    $py - "$tmp/l$lvl.iso" $lvl <<'PY'; ok $? "level $lvl: identifiers within limits, unique per directory"
import sys, pycdlib
iso = pycdlib.PyCdlib(); iso.open(sys.argv[1]); lvl = int(sys.argv[2])
for root, dirs, files in iso.walk(iso_path="/"):
    names = dirs + files
    assert len(set(names)) == len(names), root
    for d in dirs:
        assert len(d) <= (8 if lvl == 1 else 31), d
    for f in files:
        base, ext = f[:-2].split(".", 1)
        assert f.endswith(";1")
        assert (len(base) <= 8 and len(ext) <= 3) if lvl == 1 else len(base) + len(ext) <= 30, f
        assert all(c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_" for c in base + ext), f
PY
done
mkdir "$tmp/y"
bsdtar -xf "$tmp/l1.iso" -C "$tmp/y" && $py "$tool" compare "$src" "$tmp/y"; ok $? "level 1 + Rock Ridge still carries every name and byte"

# Grafts, excludes.
"$dw" author "/docs/sizes=$src/sizes" "/top.sh=$src/exec/run.sh" "$src/case" --exclude 'readme' \
    --exclude "$src/case/.hidden" -o "$tmp/g.iso"; ok $? "grafts and excludes"
isoinfo -R -f -i "$tmp/g.iso" | LC_ALL=C sort | tr '\n' ' ' >"$tmp/gl"
test "$(cat "$tmp/gl")" = "/README /ReadMe /a.b.c.d.tar.gz /docs /docs/sizes /docs/sizes/empty /docs/sizes/s1 /docs/sizes/s12295 /docs/sizes/s2047 /docs/sizes/s2048 /docs/sizes/s2049 /top.sh "
ok $? "graft targets and excludes: $(cat "$tmp/gl")"

# --sort and --dvd-video: file data order.
printf '%s 10\n%s 5\n' "$src/sizes/s2049" "$src/exec/run.sh" >"$tmp/weights"
"$dw" author "$src/sizes" "/exec=$src/exec" --sort "$tmp/weights" -o "$tmp/s.iso"; ok $? "--sort"
$py - "$tmp/s.iso" <<'PY'; ok $? "--sort: heavier files first, the rest in tree order"
import sys, pycdlib
iso = pycdlib.PyCdlib(); iso.open(sys.argv[1])
loc = {p: iso.get_record(rr_path=p).extent_location() for p in ["/s2049", "/exec/run.sh", "/s1", "/s2047", "/exec/private"]}
assert loc["/s2049"] < loc["/exec/run.sh"] < min(loc["/s1"], loc["/s2047"], loc["/exec/private"]), loc
PY
printf 'w 1\n' >"$tmp/badweights"; printf 'noweight\n' >>"$tmp/badweights"
"$dw" author "$src/sizes" --sort "$tmp/badweights" -o "$tmp/sb.iso" 2>"$tmp/err"; rc=$?
test $rc -ne 0 && grep -q "badweights:2" "$tmp/err"; ok $? "--sort: a bad line is named (file:line)"
# --dvd-video on real DVD-Video folders is tests/author_dvd.sh; here,
# VIDEO_TS files that are no DVD-Video are refused, naming the file.
mkdir -p "$tmp/dvd/VIDEO_TS" "$tmp/dvd/AAA"
echo menu >"$tmp/dvd/AAA/first.txt"
for f in VIDEO_TS.IFO VTS_01_0.IFO VTS_01_1.VOB VIDEO_TS.BUP; do head -c 5000 /dev/urandom >"$tmp/dvd/VIDEO_TS/$f"; done
"$dw" author "$tmp/dvd" --dvd-video -o "$tmp/dvd.iso" 2>"$tmp/err"; rc=$?
test $rc -ne 0 && test ! -e "$tmp/dvd.iso" && grep -q "VIDEO_TS.IFO is 5000 bytes: DVD-Video files are whole 2048-byte sectors" "$tmp/err"
ok $? "--dvd-video: a VIDEO_TS file not in whole sectors is refused [$rc]"
for f in VIDEO_TS.IFO VTS_01_0.IFO VTS_01_1.VOB VIDEO_TS.BUP; do head -c 4096 /dev/urandom >"$tmp/dvd/VIDEO_TS/$f"; done
"$dw" author "$tmp/dvd" --dvd-video -o "$tmp/dvd.iso" 2>"$tmp/err"; rc=$?
test $rc -ne 0 && grep -q "VIDEO_TS.IFO: no DVDVIDEO-VMG identifier" "$tmp/err"; ok $? "--dvd-video: an IFO without its identifier is refused [$rc]"
"$dw" author "$tmp/dvd/AAA" --dvd-video -o "$tmp/dvd.iso" 2>"$tmp/err"; rc=$?
test $rc -eq 2 && grep -q "no /VIDEO_TS" "$tmp/err"; ok $? "--dvd-video without VIDEO_TS: usage error [$rc]"

# Errors.
"$dw" author "$tmp/nope" -o "$tmp/n.iso" 2>"$tmp/err"; rc=$?
test $rc -eq 4 && grep -q "nope" "$tmp/err" && test ! -e "$tmp/n.iso"; ok $? "missing source: exit 4, named [$rc]"
"$dw" author "$src" -o "$tmp/a.iso" 2>"$tmp/err"; rc=$?
test $rc -eq 7 && grep -q "a.iso" "$tmp/err" && grep -q -- "--force" "$tmp/err"; ok $? "existing output: exit 7 [$rc]"
"$dw" author "$src/sizes" -o "$tmp/a.iso" --force; ok $? "--force replaces"
test "$(isoinfo -R -f -i "$tmp/a.iso" | wc -l)" -eq 6; ok $? "the replaced image holds the new tree"
ls "$tmp" | grep -q partial; test $? -ne 0; ok $? "no temporary files left"
"$dw" author "$src" 2>"$tmp/err"; rc=$?
test $rc -eq 2 && grep -q -- "-o" "$tmp/err"; ok $? "no output: usage error"
"$dw" author "$src" --iso-level 4 -o "$tmp/z.iso" 2>"$tmp/err"; test $? -eq 2; ok $? "--iso-level 4: usage error"
"$dw" author "$src" --udf=3.0 -o "$tmp/z.iso" 2>"$tmp/err"; test $? -eq 2; ok $? "--udf=3.0: usage error"

# The mkisofs front door.
"$dw" mkisofs -quiet -o "$tmp/m.iso" -R -J -iso-level 3 -V MKVOL -graft-points "/sz=$src/sizes"; ok $? "mkisofs -R -J"
isoinfo -d -i "$tmp/m.iso" | grep -q "^Volume id: MKVOL"; ok $? "mkisofs -V"
test "$(isoinfo -R -f -i "$tmp/m.iso" | wc -l)" -eq 7; ok $? "mkisofs -graft-points"
test "$("$dw" mkisofs -R -J -print-size "$src/sizes")" -gt 16; ok $? "mkisofs -print-size"
"$dw" mkisofs -R -frobnicate -o "$tmp/q.iso" "$src" 2>"$tmp/err"; rc=$?
test $rc -eq 2 && grep -q "'-frobnicate'" "$tmp/err"; ok $? "mkisofs unknown option: exit 2, named"
done_testing
