#!/bin/sh
# cli_burn.sh: burning on libburn's stdio: pseudo-drives.  An ISO burned
# to a file and to a FIFO reads back identical; --simulate writes
# nothing; verify after burn passes, and catches a byte flipped on the
# target at the right LBA; two --multi sessions grow one file and both
# sessions' files are seen by `xorriso -indev` and `discwright ls`;
# blank; media; and the errors with their exit codes (no space, not
# appendable, existing target, permission denied, usage).
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
tmp=$(mktemp -d) || exit 1
chmod 755 "$tmp"
trap 'umount "$tmp/small" 2>/dev/null; rm -rf "$tmp"' EXIT
command -v xorriso >/dev/null 2>&1 || skip_all "xorriso is needed to make the ISO images (tools/setup.sh)"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed to read the JSON"

json() { python3 -c "import json,sys; d=[json.loads(l) for l in open(sys.argv[1])][-1]['data']; print(($2))" "$1"; }

mkdir -p "$tmp/t1/dir" "$tmp/t2"
head -c 3000001 /dev/urandom >"$tmp/t1/big.bin"
echo first >"$tmp/t1/dir/one.txt"
chmod 640 "$tmp/t1/dir/one.txt"
echo second >"$tmp/t2/two.txt"
xorriso -as mkisofs -quiet -R -J -V FIRST -o "$tmp/a.iso" "$tmp/t1" 2>/dev/null
test -s "$tmp/a.iso"; ok $? "made a.iso with xorriso"

# --- media on a file that does not exist yet ------------------------------
"$dw" --json media --drive "stdio:$tmp/new.iso" >"$tmp/m.json"; rc=$?
test $rc -eq 0 && test "$(json "$tmp/m.json" "d['status'],d['profile'],d['overwritable']")" = "('blank', 65535, True)"
ok $? "media: a new stdio file is blank, profile 0xffff, overwritable [$rc]"

# --- burn to a file --------------------------------------------------------
"$dw" --json burn "$tmp/a.iso" --drive "stdio:$tmp/out.iso" --verify >"$tmp/b.json" 2>"$tmp/err"; rc=$?
test $rc -eq 0 && cmp -s "$tmp/a.iso" "$tmp/out.iso"; ok $? "burn to a stdio file: identical bytes [$rc]"
test "$(json "$tmp/b.json" "d['verified'],d['start_lba'],d['blocks']*2048 >= $(stat -c %s "$tmp/a.iso")")" = "(True, 0, True)"
ok $? "burn --verify: verified, LBA 0, all blocks"
test ! -e "$tmp/out.iso.dwpart"; ok $? "no temporary file left"
grep -q '"event":"progress"' "$tmp/b.json" || diag "no progress event (a fast burn may end first)"

# --- the target exists: --force needed -------------------------------------
cp "$tmp/out.iso" "$tmp/before.iso"
"$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/out.iso" >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 7 && grep -q -- "--force" "$tmp/err" && cmp -s "$tmp/out.iso" "$tmp/before.iso"
ok $? "an ISO already on the target: exit 7, untouched [$rc]"
"$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/out.iso" --force >/dev/null 2>&1; rc=$?
test $rc -eq 0 && cmp -s "$tmp/out.iso" "$tmp/a.iso"; ok $? "--force overwrites [$rc]"

# --- burn into a FIFO read by cat -------------------------------------------
mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/fromfifo" &
catpid=$!
"$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/fifo" >/dev/null 2>"$tmp/err"; rc=$?
wait $catpid
test $rc -eq 0 && cmp -s "$tmp/a.iso" "$tmp/fromfifo"; ok $? "burn to a FIFO: identical bytes [$rc]"

# --- standard input ----------------------------------------------------------
size=$(stat -c %s "$tmp/a.iso")
"$dw" burn - --size "$size" --drive "stdio:$tmp/stdin.iso" --verify <"$tmp/a.iso" >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 0 && cmp -s "$tmp/a.iso" "$tmp/stdin.iso"; ok $? "burn from standard input, verified by hash [$rc]"

# --- simulate ----------------------------------------------------------------
"$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/sim.iso" --simulate >/dev/null 2>&1; rc=$?
test $rc -eq 0 && test ! -e "$tmp/sim.iso" && test ! -e "$tmp/sim.iso.dwpart"
ok $? "--simulate on a new file: exit 0, no file [$rc]"
cp "$tmp/a.iso" "$tmp/sim2.iso"
"$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/sim2.iso" --simulate --force >/dev/null 2>&1; rc=$?
test $rc -eq 0 && cmp -s "$tmp/a.iso" "$tmp/sim2.iso"; ok $? "--simulate on an existing file: unchanged [$rc]"

# --- verify catches a flipped byte, at the right LBA ---------------------------
cp "$tmp/a.iso" "$tmp/flip.iso"
printf '\125' | dd of="$tmp/flip.iso" bs=1 seek=$((1000 * 2048 + 77)) conv=notrunc 2>/dev/null
cmp -s "$tmp/a.iso" "$tmp/flip.iso" && diag "the flip did not change the byte"
"$dw" --json burn "$tmp/a.iso" --drive "stdio:$tmp/flip.iso" --verify-only >"$tmp/v.json" 2>"$tmp/err"; rc=$?
test $rc -eq 6 && grep -q "LBA 1000 differs" "$tmp/err"; ok $? "verify: flipped byte found at LBA 1000, exit 6 [$rc]"
grep -q '"exit_code":6' "$tmp/v.json"; ok $? "verify: JSON error event"
"$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/out.iso" --verify-only >/dev/null 2>&1; rc=$?
test $rc -eq 0; ok $? "verify-only of an unchanged target: exit 0 [$rc]"
# Only the image's own length counts: garbage after it is not a difference.
cp "$tmp/a.iso" "$tmp/tail.iso"; head -c 100000 /dev/urandom >>"$tmp/tail.iso"
"$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/tail.iso" --verify-only >/dev/null 2>&1; rc=$?
test $rc -eq 0; ok $? "verify ignores data after the image's own length [$rc]"
# An image whose length is not a multiple of 2048: its padding is not compared.
head -c 5000 /dev/urandom >"$tmp/odd.bin"
"$dw" burn "$tmp/odd.bin" --drive "stdio:$tmp/odd.out" --verify >/dev/null 2>&1; rc=$?
test $rc -eq 0 && test "$(stat -c %s "$tmp/odd.out")" -eq 6144 && cmp -s -n 5000 "$tmp/odd.bin" "$tmp/odd.out"
ok $? "odd-sized image: padded to whole blocks, verified [$rc]"

# --- multisession: grow the file with a second session ---------------------------
"$dw" --json media --drive "stdio:$tmp/out.iso" >"$tmp/m2.json"
nwa=$(json "$tmp/m2.json" "d['nwa']"); msc1=$(json "$tmp/m2.json" "d['msc1']")
st=$(json "$tmp/m2.json" "d['status']")
test "$st" = appendable && test "$nwa" -gt 0; ok $? "media: written file is appendable, -C $msc1,$nwa"
xorriso -as mkisofs -quiet -R -J -C "$msc1,$nwa" -M "stdio:$tmp/out.iso" -o "$tmp/s2.iso" "$tmp/t2" 2>/dev/null
"$dw" --json burn "$tmp/s2.iso" --drive "stdio:$tmp/out.iso" --multi --verify >"$tmp/b2.json" 2>"$tmp/err"; rc=$?
test $rc -eq 0 && test "$(json "$tmp/b2.json" "d['start_lba'],d['appended'],d['superblock_updated']")" = "($nwa, True, True)"
ok $? "second --multi session appended at $nwa, superblock updated [$rc]"
xorriso -indev "stdio:$tmp/out.iso" -find / -type f 2>/dev/null | sort >"$tmp/x.txt"
grep -q "'/big.bin'" "$tmp/x.txt" && grep -q "'/dir/one.txt'" "$tmp/x.txt" && grep -q "'/two.txt'" "$tmp/x.txt"
ok $? "xorriso -indev sees the files of both sessions"
"$dw" ls "$tmp/out.iso" >"$tmp/ls.txt" 2>&1
grep -q ' /big.bin$' "$tmp/ls.txt" && grep -q ' /dir/one.txt$' "$tmp/ls.txt" && grep -q ' /two.txt$' "$tmp/ls.txt"
ok $? "discwright ls sees the files of both sessions"
grep -q '^-rw-r----- *7 ' "$tmp/ls.txt" || grep -q '^-rw-r----- ' "$tmp/ls.txt"; ok $? "ls: Rock Ridge mode of one.txt"
"$dw" --json ls "stdio:$tmp/out.iso" dir >"$tmp/ls.json"
test "$(json "$tmp/ls.json" "[(e['path'],e['size']) for e in d['entries']]")" = "[('/dir/one.txt', 6)]"
ok $? "ls PATH --json: sizes under a directory"
"$dw" info "stdio:$tmp/out.iso" >"$tmp/info.txt" 2>&1; rc=$?
test $rc -eq 0; ok $? "info accepts a stdio: address [$rc]"
# A third session, then the verify of the second still holds.
"$dw" --json media --drive "stdio:$tmp/out.iso" >"$tmp/m3.json"
nwa3=$(json "$tmp/m3.json" "d['nwa']")
test "$nwa3" -gt "$nwa"; ok $? "next writable address moved on ($nwa -> $nwa3)"
"$dw" burn "$tmp/s2.iso" --drive "stdio:$tmp/out.iso" --verify-only >/dev/null 2>&1; rc=$?
test $rc -eq 0; ok $? "verify-only of the appended session finds it at its LBA [$rc]"

# --- not appendable: a session made for another address ----------------------
"$dw" burn "$tmp/s2.iso" --drive "stdio:$tmp/fresh.iso" --multi >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 22 && test ! -e "$tmp/fresh.iso"; ok $? "session for LBA $nwa on a blank target: exit 22, nothing written [$rc]"
cp "$tmp/a.iso" "$tmp/other.iso"; head -c 4000000 /dev/zero >>"$tmp/other.iso"
"$dw" burn "$tmp/s2.iso" --drive "stdio:$tmp/other.iso" --multi >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 0 -o $rc -eq 22; ok $? "session on a different grown target: accepted only past its end [$rc]"

# --- blank --------------------------------------------------------------------
cp "$tmp/out.iso" "$tmp/blank.iso"
"$dw" blank --drive "stdio:$tmp/blank.iso" >/dev/null 2>&1; rc=$?
"$dw" --json media --drive "stdio:$tmp/blank.iso" >"$tmp/m4.json"
test $rc -eq 0 && test "$(json "$tmp/m4.json" "d['status']")" = blank
ok $? "blank --fast: the target reads as blank [$rc]"
test "$(head -c 65536 "$tmp/blank.iso" | tr -d '\000' | wc -c)" -eq 0; ok $? "blank --fast zeroed the first 64 KiB"
"$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/blank.iso" >/dev/null 2>&1; rc=$?
test $rc -eq 0; ok $? "a blanked target takes a new image without --force [$rc]"
"$dw" blank --full --drive "stdio:$tmp/blank.iso" >/dev/null 2>&1; rc=$?
test $rc -eq 0 && test "$(head -c "$size" "$tmp/blank.iso" | tr -d '\000' | wc -c)" -eq 0
ok $? "blank --full zeroes the whole ISO area [$rc]"
"$dw" blank --fast --full --drive "stdio:$tmp/blank.iso" >/dev/null 2>&1; test $? -eq 2; ok $? "blank --fast --full: exit 2"
"$dw" format --drive "stdio:$tmp/blank.iso" >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 1 && grep -q "needs no formatting" "$tmp/err"; ok $? "format on a stdio file: said clearly [$rc]"

# --- errors -------------------------------------------------------------------
"$dw" burn "$tmp/a.iso" >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 2 && grep -q -- "--drive" "$tmp/err"; ok $? "no --drive: exit 2 [$rc]"
"$dw" burn "$tmp/missing.iso" --drive "stdio:$tmp/x.iso" >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 4 && grep -q "missing.iso" "$tmp/err" && test ! -e "$tmp/x.iso"; ok $? "missing image: exit 4, named [$rc]"
"$dw" burn "$tmp/a.iso" --drive "$tmp/a.iso" >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 4 && grep -q "stdio:" "$tmp/err"; ok $? "a file as --drive: exit 4 with the stdio: hint [$rc]"
"$dw" media --drive /dev/sr97 >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 4; ok $? "no such drive: exit 4 [$rc]"
"$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/nodir/x.iso" >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 4 && grep -q "nodir" "$tmp/err"; ok $? "target directory missing: exit 4 [$rc]"
"$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/y.iso" --mode fast >/dev/null 2>&1; test $? -eq 2; ok $? "--mode fast: exit 2"
"$dw" burn "$tmp/t1" --author --drive "stdio:$tmp/y.iso" >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 2 && grep -q "author" "$tmp/err"; ok $? "--author without the author engine: exit 2, said [$rc]"

# a cue sheet with audio: libburn takes no audio on stdio:, said before writing
head -c $((2352 * 300)) /dev/zero >"$tmp/tone.bin"
printf 'FILE "tone.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n' >"$tmp/tone.cue"
"$dw" burn "$tmp/tone.cue" --drive "stdio:$tmp/tone.out" >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 20 && grep -q "stdio:" "$tmp/err" && ! test -s "$tmp/tone.out"; ok $? "audio cue to stdio: exit 20, said, nothing written [$rc]"
printf 'FILE "gone.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n' >"$tmp/gone.cue"
"$dw" burn "$tmp/gone.cue" --drive "stdio:$tmp/tone.out" >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 4 && grep -q "gone.bin" "$tmp/err"; ok $? "cue naming a missing BIN: exit 4, named [$rc]"

# too small: a 1 MiB tmpfs (needs mount rights)
mkdir "$tmp/small"
if mount -t tmpfs -o size=1m tmpfs "$tmp/small" 2>/dev/null; then
    "$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/small/x.iso" >/dev/null 2>"$tmp/err"; rc=$?
    test $rc -eq 21 && grep -q "too small" "$tmp/err" && test ! -e "$tmp/small/x.iso"
    ok $? "image larger than the free space: exit 21 before writing [$rc]"
    umount "$tmp/small"
else
    echo "ok $((_tap_n + 1)) - # SKIP no mount rights for a small tmpfs"; _tap_n=$((_tap_n + 1))
fi

# permission denied: as another user, the message names the group
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
    mkdir "$tmp/locked"; chgrp cdrom "$tmp/locked" 2>/dev/null || chgrp 24 "$tmp/locked"; chmod 775 "$tmp/locked"
    touch "$tmp/locked/t.iso"; chgrp cdrom "$tmp/locked/t.iso" 2>/dev/null; chmod 664 "$tmp/locked/t.iso"
    chmod 755 "$top_builddir" 2>/dev/null
    setpriv --reuid=65534 --regid=65534 --clear-groups "$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/locked/t.iso" \
        >/dev/null 2>"$tmp/err"; rc=$?
    test $rc -eq 24 && grep -q "permission denied" "$tmp/err" && grep -q "group" "$tmp/err"
    ok $? "permission denied: exit 24, group named [$rc: $(cat "$tmp/err")]"
else
    echo "ok $((_tap_n + 1)) - # SKIP needs root and setpriv to act as another user"; _tap_n=$((_tap_n + 1))
fi

# cancel: SIGINT during a (speed-limited) burn ends with 130, no file left, target usable
head -c 20000000 /dev/zero >"$tmp/z.iso"
"$dw" burn "$tmp/z.iso" --drive "stdio:$tmp/slow.iso" --speed 2000 >/dev/null 2>"$tmp/err" &
bp=$!
sleep 1
kill -INT $bp
wait $bp; rc=$?
test $rc -eq 130 && test ! -e "$tmp/slow.iso" && test ! -e "$tmp/slow.iso.dwpart" && grep -q cancelled "$tmp/err"
ok $? "Ctrl-C: exit 130, no partial file claims to be complete [$rc]"
"$dw" burn "$tmp/a.iso" --drive "stdio:$tmp/slow.iso" >/dev/null 2>&1; rc=$?
test $rc -eq 0 && cmp -s "$tmp/a.iso" "$tmp/slow.iso"; ok $? "after a cancel the target burns normally [$rc]"

# drives never fails because of libburn's scan
"$dw" --json drives >"$tmp/d.json" 2>/dev/null; rc=$?
test $rc -eq 0 && python3 -c "import json,sys; d=[json.loads(l) for l in open(sys.argv[1])][-1]['data']; assert 'burners' in d and 'drives' in d" "$tmp/d.json"
ok $? "drives --json lists burners and drives [$rc]"

done_testing
