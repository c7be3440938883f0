#!/bin/sh
# mkisofs_opts.sh: every option of the `xorriso -as mkisofs` emulation
# (issue 15) shows its effect in the image, read back by isoinfo, 7z and
# xorriso (or, for xorriso's own no-ops, changes nothing); -help lists
# exactly what is accepted; options discwright does not build are refused
# by name with the reason, unknown ones fail naming the option (exit 2);
# `-as mkisofs`, the xorriso/xorrisofs names and -version answer.
# No QEMU here (mkisofs_recipes.sh boots the recipes).
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/boot_lib.sh"
dw="$top_builddir/cli/discwright"
for t in xorriso isoinfo 7z python3; do
    command -v $t >/dev/null 2>&1 || skip_all "$t missing (tools/setup.sh installs it)"
done
ISOLINUX=/usr/lib/ISOLINUX
[ -f $ISOLINUX/isohdpfx.bin ] || skip_all "isohdpfx.bin missing (isolinux)"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
mk() { "$dw" mkisofs "$@" >"$tmp/out" 2>&1; }
rep() { xorriso -indev "$1" -report_el_torito plain -report_system_area plain 2>/dev/null | sed 's/  */ /g'; }
byte_at() { dd if="$1" bs=1 skip="$2" count="${3:-1}" 2>/dev/null | od -An -tx1 | tr -d ' \n'; }

# ---- a source tree ----
s="$tmp/src"
mkdir -p "$s/dir/sub" "$s/deep/1/2/3/4/5/6/7/8" "$s/keep"
echo readme >"$s/README"; echo lower >"$s/lower.txt"; echo dash >"$s/a-b.txt"; echo dot >"$s/.hidden"
echo "long name" >"$s/a_rather_long_file_name_indeed.txt"; echo in-dir >"$s/dir/file.txt"
echo backup >"$s/keep/old~"; echo backup >"$s/keep/x.bak"; echo backup >"$s/keep/#auto#"; echo kept >"$s/keep/kept.txt"
echo deep >"$s/deep/1/2/3/4/5/6/7/8/leaf.txt"; ln -s README "$s/link"
dd if=/dev/urandom of="$s/big.bin" bs=1k count=64 2>/dev/null; echo small >"$s/small.bin"
chmod 640 "$s/README"; chmod 700 "$s/dir"
touch -d 2030-01-02T03:04:05Z "$s/README"

# ---- calling conventions, -help, -version ----
mk -o "$tmp/a.iso" -R -J "$s" && "$dw" -as mkisofs -o "$tmp/b.iso" -R -J "$s" >/dev/null 2>&1 && cmp -s "$tmp/a.iso" "$tmp/b.iso"
ok $? "'discwright -as mkisofs ARGS' makes the same image as 'discwright mkisofs ARGS'"
mkdir "$tmp/bin"; dw_binary
ln -s "$DWB" "$tmp/bin/xorriso"
ln -s "$DWB" "$tmp/bin/xorrisofs"
"$tmp/bin/xorriso" -no_rc -report_about SORRY -as mkisofs -o "$tmp/c.iso" -R -J "$s" >/dev/null 2>&1 && \
    "$tmp/bin/xorrisofs" -o "$tmp/d.iso" -R -J "$s" >/dev/null 2>&1 && cmp -s "$tmp/a.iso" "$tmp/c.iso" && cmp -s "$tmp/a.iso" "$tmp/d.iso"
ok $? "called as xorriso (-no_rc -report_about SORRY -as mkisofs) and as xorrisofs: the same image"
"$tmp/bin/xorriso" -indev x.iso >/dev/null 2>"$tmp/e"; rc=$?
[ $rc = 2 ] && grep -q -- "-as mkisofs" "$tmp/e"; ok $? "as xorriso without -as mkisofs: exit 2, says what is understood"
"$dw" mkisofs -help >"$tmp/help.out" 2>"$tmp/help"; rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/help.out" ] && grep -q "^Usage: discwright mkisofs \[options\] file...$" "$tmp/help" && \
    grep -q "^  --grub2-boot-info  *Patch boot image at byte 2548$" "$tmp/help" && grep -q "^  -o FILE, -output FILE  " "$tmp/help"
ok $? "-help: on standard error in xorriso's layout (grub-mkrescue's probe finds grub2-boot-info)"
"$dw" mkisofs --help 2>&1 | cmp -s - "$tmp/help"; ok $? "--help prints the same"
v=$("$dw" mkisofs -version 2>/dev/null); rc=$?
[ $rc = 0 ] && case "$v" in "mkisofs 2.01-Emulation Copyright (C)"*) true ;; *) false ;; esac
ok $? "-version: '$v'"
# Every spelling -help lists is accepted (no "unknown option", no refusal).
sed -n 's/^  \(-[^ ].*\)/\1/p' "$tmp/help" | sed 's/  .*//' | tr ',' '\n' | sed 's/^ *//; s/ .*//; s/=.*/=/' | sort -u >"$tmp/spell"
bad=
while read -r o; do
    case "$o" in -help|--help|-version) continue ;; --modification-date=) o=--modification-date=2020010100000000 ;; esac
    "$dw" mkisofs "$o" 1 2 3 -print-size >/dev/null 2>"$tmp/e"
    grep -q "unknown option\|is not supported" "$tmp/e" && bad="$bad $o"
done <"$tmp/spell"
[ -z "$bad" ] && [ "$(wc -l <"$tmp/spell")" -gt 90 ]; ok $? "every one of the $(wc -l <"$tmp/spell") spellings -help lists is accepted${bad:+ (not:$bad)}"
bad=
for o in -hfs-bless -appended_part_as_apm -joliet-utf16 -U -z --md5 -jigdo-jigdo \
         -mips-boot -sparc-boot -eltorito-platform --gpt_disk_guid -root -part_like_isohybrid -appended_part_as_apm; do
    grep -q -- "^  $o[ ,]" "$tmp/help" && bad="$bad $o(in help)"
    mk "$o" 1 2 3 "$s"; rc=$?
    { [ $rc = 2 ] && grep -q -- "option '$o' is not supported: ." "$tmp/out"; } || bad="$bad $o"
done
[ -z "$bad" ]; ok $? "options not built (-hfs-bless, -joliet-utf16, -z, --md5, jigdo, other boot blocks ...) refused by name with a reason, absent from -help${bad:+ (not:$bad)}"
mk -iso-level 4 -o "$tmp/x.iso" "$s"; rc=$?
[ $rc = 2 ] && grep -q "iso-level 4.*ISO 9660:1999" "$tmp/out"; ok $? "-iso-level 4 refused with the reason (exit $rc)"
mk -R -frobnicate -o "$tmp/x.iso" "$s"; rc=$?
[ $rc = 2 ] && grep -q "unknown option '-frobnicate'" "$tmp/out" && [ ! -e "$tmp/x.iso" ]; ok $? "an unknown option: exit 2, named, no output"
mk -o "$tmp/x.iso" "$s" -- -report_about; rc=$?
[ $rc = 2 ] && grep -q "'-report_about' after '--'" "$tmp/out"; ok $? "native xorriso commands after -- are refused by name"

# ---- names and metadata ----
mk -o "$tmp/ids.iso" -volid VOLUME_X -appid "an app" -publisher "a publisher" -preparer "a preparer" -sysid SYSX \
    -volset "a set" "$s"
isoinfo -d -i "$tmp/ids.iso" >"$tmp/d"
grep -q "^Volume id: VOLUME_X" "$tmp/d" && grep -q "^Application id: an app" "$tmp/d" && grep -q "^Publisher id: a publisher" "$tmp/d" && \
    grep -q "^Data preparer id: a preparer" "$tmp/d" && grep -q "^System id: SYSX" "$tmp/d" && grep -q "^Volume set id: a set" "$tmp/d"
ok $? "-volid -appid -publisher -preparer -sysid -volset in the PVD (isoinfo -d)"
mk -o "$tmp/ids2.iso" -V VOLUME_Y -A app2 -P pub2 -p prep2 "$s"
isoinfo -d -i "$tmp/ids2.iso" >"$tmp/d"
grep -q "^Volume id: VOLUME_Y" "$tmp/d" && grep -q "^Application id: app2" "$tmp/d" && grep -q "^Publisher id: pub2" "$tmp/d" && \
    grep -q "^Data preparer id: prep2" "$tmp/d"; ok $? "-V -A -P -p, the short spellings"
# --modification-date without SOURCE_DATE_EPOCH (which would clamp file times)
mkd() { env -u SOURCE_DATE_EPOCH "$dw" mkisofs "$@" >"$tmp/out" 2>&1; }
mkd --modification-date=2023111422131342 -R -o "$tmp/md.iso" -isohybrid-mbr $ISOLINUX/isohdpfx.bin \
    -b dir/file.txt -no-emul-boot "$s"
[ "$(dd if="$tmp/md.iso" bs=1 skip=33581 count=16 2>/dev/null)" = 2023111422131342 ] && \
    [ "$(dd if="$tmp/md.iso" bs=1 skip=33598 count=16 2>/dev/null)" = 2023111422131342 ] && \
    [ "$(dd if="$tmp/md.iso" bs=1 skip=33632 count=16 2>/dev/null)" = 2023111422131342 ]
ok $? "--modification-date=2023111422131342: PVD creation, modification and effective dates, centiseconds too"
isoinfo -R -l -i "$tmp/md.iso" 2>/dev/null | grep -q "Jan  2 2030.*README"
ok $? "--modification-date leaves file times as on disk (README stays 2030; not clamped as with SOURCE_DATE_EPOCH)"
# Reproducible (as live-build runs it): with SOURCE_DATE_EPOCH too, file times are clamped and atimes stay put.
mk --modification-date=2023111422131342 -R -o "$tmp/md2.iso" -isohybrid-mbr $ISOLINUX/isohdpfx.bin -b dir/file.txt -no-emul-boot "$s"
mk --modification-date=2023111422131342 -R -o "$tmp/md4.iso" -isohybrid-mbr $ISOLINUX/isohdpfx.bin -b dir/file.txt -no-emul-boot "$s"
mk --modification-date=2023111500000000 -R -o "$tmp/md3.iso" -isohybrid-mbr $ISOLINUX/isohdpfx.bin -b dir/file.txt -no-emul-boot "$s"
cmp -s "$tmp/md2.iso" "$tmp/md4.iso" && [ "$(byte_at "$tmp/md2.iso" 440 4)" != "$(byte_at "$tmp/md3.iso" 440 4)" ]
ok $? "--modification-date: the same date gives the same bytes, another date another MBR id"
printf 'latin\n' >"$tmp/name_$(printf '\351')t.txt"
mkdir "$tmp/l1" && mv "$tmp"/name_*t.txt "$tmp/l1/"
mk -R -J -input-charset ISO-8859-1 -o "$tmp/cs.iso" "$tmp/l1"
isoinfo -R -f -i "$tmp/cs.iso" | grep -q "^/name_ét.txt$" && \
    [ "$(isoinfo -J -j iso8859-1 -f -i "$tmp/cs.iso")" = "$(printf '/name_\351t.txt;1')" ]
ok $? "-input-charset ISO-8859-1: the Latin-1 name arrives as UTF-8 in Rock Ridge and Joliet"
mk -R -input-charset NO-SUCH-SET -o "$tmp/x.iso" "$s"; [ $? = 2 ] && grep -q "NO-SUCH-SET" "$tmp/out"
ok $? "-input-charset with an unknown set: exit 2, named"
mk -R -graft-points -output "$tmp/gp.iso" /a/b/c.txt="$s/README" /x="$s/dir"
[ "$(isoinfo -R -f -i "$tmp/gp.iso" | sort | tr '\n' ' ')" = "/a /a/b /a/b/c.txt /x /x/file.txt /x/sub " ]
ok $? "-graft-points TARGET=SOURCE and -output"
printf '/p1=%s\n/p2=%s\n' "$s/README" "$s/lower.txt" >"$tmp/plist"
mk -R -graft-points -path-list "$tmp/plist" -o "$tmp/pl.iso" && \
    printf '/q=%s\n' "$s/README" | "$dw" mkisofs -R -graft-points -path-list - -o "$tmp/pl2.iso" >/dev/null 2>&1
[ "$(isoinfo -R -f -i "$tmp/pl.iso" | sort | tr '\n' ' ')" = "/p1 /p2 " ] && [ "$(isoinfo -R -f -i "$tmp/pl2.iso")" = /q ]
ok $? "-path-list FILE and -path-list - (standard input)"
mk -R -m '*.bin' -exclude "$s/dir/sub" -x lower.txt -o "$tmp/ex.iso" "$s"
isoinfo -R -f -i "$tmp/ex.iso" >"$tmp/l"
! grep -q '\.bin$' "$tmp/l" && ! grep -q '^/dir/sub$' "$tmp/l" && ! grep -q lower.txt "$tmp/l" && grep -q '^/dir/file.txt$' "$tmp/l"
ok $? "-m (leaf pattern), -exclude (disk path), -x: left out"
mk -R -no-bak -o "$tmp/nb.iso" "$s"
[ "$(isoinfo -R -f -i "$tmp/nb.iso" | grep '^/keep/' | tr '\n' ' ')" = "/keep/kept.txt " ]
ok $? "-no-bak: *~, #*# and *.bak left out"
mk -R -J -hide README -hide-joliet lower.txt -o "$tmp/hd.iso" "$s"
bin=$(isoinfo -J -l -i "$tmp/hd.iso" | sed -n 's/.*\[ *\([0-9]*\) [0-9]*\] *README.*/\1/p')
! isoinfo -R -f -i "$tmp/hd.iso" | grep -q '^/README$' && isoinfo -R -f -i "$tmp/hd.iso" | grep -q '^/lower.txt$' && \
    isoinfo -J -f -i "$tmp/hd.iso" | grep -q '^/README;1$' && ! isoinfo -J -f -i "$tmp/hd.iso" | grep -q '^/lower.txt;1$' && \
    [ -n "$bin" ] && [ "$(dd if="$tmp/hd.iso" bs=2048 skip="$bin" count=1 2>/dev/null | head -c 7)" = readme ]
ok $? "-hide: out of the ISO/RR tree, still in Joliet with its data; -hide-joliet: out of Joliet only"
# (a tree without symlinks: 7-Zip's UDF reader gives up on them, doc/author.md)
mk -R -udf -hide-udf kept.txt -o "$tmp/hu.iso" "$s/keep"
7z l -tudf "$tmp/hu.iso" >"$tmp/7" 2>&1 && grep -q ' x.bak$' "$tmp/7" && ! grep -q kept.txt "$tmp/7" && \
    isoinfo -R -f -i "$tmp/hu.iso" | grep -q '^/kept.txt$'
ok $? "-hide-udf: out of the UDF tree (7z -tudf), still in ISO/RR"
mk -R -f -o "$tmp/fl.iso" "$s" && mk -R -o "$tmp/nf.iso" "$s"
isoinfo -R -l -i "$tmp/fl.iso" | grep -q '^-.* link *$' && isoinfo -R -l -i "$tmp/nf.iso" | grep -q '^l.* link'
ok $? "-follow-links / -f: the symlink is stored as the file it points to"
mk -R -uid 1234 -gid 567 -file-mode 0604 -dir-mode 0751 -o "$tmp/own.iso" "$s"
xorriso -indev "$tmp/own.iso" -lsdl /README /dir 2>/dev/null >"$tmp/l"
grep -q "^-rw----r-- *1 *1234 *567 .*'/README'$" "$tmp/l" && grep -q "^drwxr-x--x *[0-9]* *1234 *567 .*'/dir'$" "$tmp/l"
ok $? "-uid 1234 -gid 567 -file-mode 0604 -dir-mode 0751 (isoinfo -R -l)"
mk -R -file-mode a+r,go-w,u=rw -dir-mode go-rwx -uid root -o "$tmp/own2.iso" "$s"
isoinfo -R -l -i "$tmp/own2.iso" >"$tmp/l"
grep -q '^-rw-r--r-- *1 *0 .*README *$' "$tmp/l" && grep -q '^drwx------ .* dir *$' "$tmp/l"
ok $? "-file-mode/-dir-mode symbolic statements (a+r,go-w,u=rw; go-rwx), -uid by name"
mk -R -new-dir-mode 0711 -graft-points -o "$tmp/nd.iso" /made/up/f="$s/README"
isoinfo -R -l -i "$tmp/nd.iso" | grep -q '^drwx--x--x .* made *$'
ok $? "-new-dir-mode 0711: directories the image makes up"
mk -r -o "$tmp/r.iso" "$s" && mk -R -o "$tmp/bigR.iso" "$s"
isoinfo -R -l -i "$tmp/r.iso" | grep -q '^-r--r--r-- *1 *0 *0 .*README *$' && \
    isoinfo -R -l -i "$tmp/bigR.iso" | grep -q "^-rw-r----- *1 *$(id -u) *$(id -g) .*README *\$"
ok $? "-r (owner 0, a+r, no w) against -R (modes and owners as on disk)"
mk -r --norock -o "$tmp/norock.iso" "$s" && ! isoinfo -d -i "$tmp/norock.iso" | grep -q "^Rock Ridge signatures"; ok $? "-r --norock: no Rock Ridge"
mk -iso-level 1 -o "$tmp/l1.iso" "$s" && mk -iso-level 1 -l -o "$tmp/l1l.iso" "$s" && mk -iso-level 3 -full-iso9660-filenames -o "$tmp/l3.iso" "$s"
isoinfo -f -i "$tmp/l1.iso" | grep -q '^/A_RATHER.TXT;1$' && isoinfo -f -i "$tmp/l1l.iso" | grep -q '^/A_RATHER_LONG_FILE_NAME_IND.TXT;1$' && \
    isoinfo -f -i "$tmp/l3.iso" | grep -q '^/A_RATHER_LONG_FILE_NAME_IND.TXT;1$'
ok $? "-iso-level 1: 8.3 names; -l / -full-iso9660-filenames: 31 characters (as xorriso)"
mk -allow-lowercase -relaxed-filenames -allow-leading-dots -d -N -o "$tmp/nm.iso" "$s"
isoinfo -f -i "$tmp/nm.iso" >"$tmp/l"
grep -q '^/lower.txt$' "$tmp/l" && grep -q '^/a-b.txt$' "$tmp/l" && grep -q '^/.hidden$' "$tmp/l" && grep -q '^/README$' "$tmp/l"
ok $? "-allow-lowercase -relaxed-filenames -allow-leading-dots -d -N: ISO names lower.txt a-b.txt .hidden README"
xorriso -as mkisofs -quiet -allow-lowercase -relaxed-filenames -d -N -o "$tmp/xnm.iso" "$s" 2>/dev/null
for f in lower.txt a-b.txt README; do isoinfo -f -i "$tmp/xnm.iso" | grep -q "^/$f\$" || false; done
ok $? "xorriso's image with -allow-lowercase -relaxed-filenames -d -N has the same ISO names"
mk -d -o "$tmp/dot.iso" "$s" && mk -N -o "$tmp/ver.iso" "$s"
isoinfo -f -i "$tmp/dot.iso" | grep -q '^/README;1$' && isoinfo -f -i "$tmp/ver.iso" | grep -q '^/README\.$'
ok $? "-d alone: README;1; -N alone: README."
mk -R -D -o "$tmp/deep.iso" "$s" && mk -R -o "$tmp/reloc.iso" "$s"
isoinfo -f -i "$tmp/deep.iso" | grep -q '^/DEEP/1/2/3/4/5/6/7/8/LEAF.TXT;1$' && isoinfo -f -i "$tmp/reloc.iso" | grep -qi 'rr_moved'
ok $? "-D: deep directories stay in place (without it they go to rr_moved)"
mk -R --sort-weight 10 /small.bin --sort-weight -5 /big.bin -o "$tmp/sw.iso" "$s"
lba() { isoinfo -R -l -i "$1" | sed -n "s/.*\[ *\([0-9]*\) [0-9]*\] *$2 *\$/\1/p" | head -1; }
[ "$(lba "$tmp/sw.iso" small.bin)" -lt "$(lba "$tmp/sw.iso" README)" ] && [ "$(lba "$tmp/sw.iso" big.bin)" -gt "$(lba "$tmp/sw.iso" lower.txt)" ]
ok $? "--sort-weight: the heavier file first, the negative one last"
mk -R --sort-weight 7 /dir -o "$tmp/swd.iso" "$s"
[ "$(lba "$tmp/swd.iso" file.txt)" -lt "$(lba "$tmp/swd.iso" README)" ]; ok $? "--sort-weight on a directory weighs the files below it"
printf '%s/big.bin 100\n' "$s" >"$tmp/sortf"
mk -R -sort "$tmp/sortf" -o "$tmp/so.iso" "$s"
[ "$(lba "$tmp/so.iso" big.bin)" -lt "$(lba "$tmp/so.iso" README)" ]; ok $? "-sort FILE (disk path and weight) puts big.bin first"
mk -R -J -o "$tmp/base.iso" "$s" && \
    mk -R -J -cache-inodes -no-cache-inodes -T -quiet -v -allow-multidot -o "$tmp/noop.iso" "$s" && cmp -s "$tmp/base.iso" "$tmp/noop.iso"
ok $? "-cache-inodes -no-cache-inodes -T -quiet -v: xorriso's no-ops change nothing"
mk -R -J -no-pad -o "$tmp/np.iso" "$s" && mk -R -J -pad -o "$tmp/p.iso" "$s"
[ $(( $(stat -c %s "$tmp/p.iso") - $(stat -c %s "$tmp/np.iso") )) = $((150 * 2048)) ] && cmp -s "$tmp/p.iso" "$tmp/base.iso"
ok $? "-pad (xorriso's default) adds 300 KiB, -no-pad leaves it out"

# ---- boot and system area ----
b="$tmp/boot"
mkdir -p "$b/isolinux" "$b/efi"
cp $ISOLINUX/isolinux.bin "$b/isolinux/"
truncate -s 2M "$b/efi/efi.img" && mkfs.fat "$b/efi/efi.img" >/dev/null 2>&1 || skip_all "mkfs.fat missing (dosfstools)"
cp "$b/efi/efi.img" "$tmp/esp.img"
head -c 32768 /dev/urandom >"$tmp/sa.bin"
mk -R -o "$tmp/g.iso" -G "$tmp/sa.bin" "$b" && mk -R -o "$tmp/g2.iso" --embedded-boot "$tmp/sa.bin" "$b"
cmp -s -n 32768 "$tmp/g.iso" "$tmp/sa.bin" && cmp -s "$tmp/g.iso" "$tmp/g2.iso"
ok $? "-G / --embedded-boot: the file's 32 KiB are the system area"
mk -R -o "$tmp/gi.iso" -G "--interval:local_fs:0s-0s:zero_mbrpt,100-199:$tmp/g.iso" "$b"
python3 - "$tmp/gi.iso" "$tmp/sa.bin" <<'EOF'
import sys
a, s = open(sys.argv[1], 'rb').read(32768), open(sys.argv[2], 'rb').read(2048)
want = bytearray(s); want[100:200] = bytes(100)
ok = a[:2048] == bytes(want) and a[2048:] == bytes(30720)
sys.exit(0 if ok else 1)
EOF
ok $? "-G --interval:local_fs:0s-0s:...,100-199:FILE reads 2048 bytes and zeroes bytes 100..199"
mk -R -o "$tmp/g2m.iso" --grub2-mbr /usr/lib/grub/i386-pc/boot_hybrid.img -b isolinux/isolinux.bin -no-emul-boot "$b" 2>/dev/null || \
    mk -R -o "$tmp/g2m.iso" --grub2-mbr "$tmp/sa.bin" -b isolinux/isolinux.bin -no-emul-boot "$b"
blba=$(lba "$tmp/g2m.iso" isolinux.bin)
python3 - "$tmp/g2m.iso" "$blba" <<'EOF'
import struct, sys
d = open(sys.argv[1], 'rb').read(512)
sys.exit(0 if struct.unpack('<Q', d[432:440])[0] == int(sys.argv[2]) * 4 + 4 else 1)
EOF
ok $? "--grub2-mbr: the boot image's 512-byte address + 4 at byte 432 (0x1B0)"
mk -R -o "$tmp/pml.iso" --protective-msdos-label "$b" && mk -R -o "$tmp/pml83.iso" --protective-msdos-label -iso_mbr_part_type 0x83 "$b"
rep "$tmp/pml.iso" | grep -q "^MBR partition : 1 0x80 0xcd 1 " && rep "$tmp/pml83.iso" | grep -q "^MBR partition : 1 0x80 0x83 1 "
ok $? "--protective-msdos-label: partition 1 from sector 1, bootable, 0xCD; -iso_mbr_part_type 0x83 changes it"
mk -R -o "$tmp/on.iso" --protective-msdos-label -partition_cyl_align on "$b" && \
    mk -R -o "$tmp/off.iso" --protective-msdos-label -partition_cyl_align off "$b"
[ $(( $(stat -c %s "$tmp/on.iso") % 1048576 )) = 0 ] && [ $(( $(stat -c %s "$tmp/off.iso") % 1048576 )) != 0 ] && \
    rep "$tmp/on.iso" | grep -q "cyl-align-on"
ok $? "-partition_cyl_align on: the image is whole cylinders (1 MiB); off: not"
mk -R -o "$tmp/all.iso" -partition_cyl_align all -append_partition 2 0xef "$tmp/esp.img" -isohybrid-mbr $ISOLINUX/isohdpfx.bin \
    -b isolinux/isolinux.bin -no-emul-boot "$b"
rep "$tmp/all.iso" | awk '/^MBR partition : 2 / { exit !($7 % 2048 == 0 && $8 % 2048 == 0) }'
ok $? "-partition_cyl_align all: the appended partition starts and ends on a cylinder"
mk -R -o "$tmp/hc.iso" --protective-msdos-label -partition_hd_cyl 128 -partition_sec_hd 63 "$b"
python3 - "$tmp/hc.iso" <<'EOF'
import struct, sys
e = open(sys.argv[1], 'rb').read(512)[446:462]
last = struct.unpack('<I', e[8:12])[0] + struct.unpack('<I', e[12:16])[0] - 1
c, h, s = last // (128 * 63), last // 63 % 128, last % 63 + 1
sys.exit(0 if (e[5], e[6], e[7]) == (h, s | (c >> 2 & 0xC0), c & 0xFF) else 1)
EOF
ok $? "-partition_hd_cyl 128 -partition_sec_hd 63: the MBR entry's end C/H/S uses that geometry"
mk -R -o "$tmp/fb.iso" -append_partition 2 0xef "$tmp/esp.img" --mbr-force-bootable "$b" && \
    mk -R -o "$tmp/fb0.iso" -append_partition 2 0xef "$tmp/esp.img" "$b"
rep "$tmp/fb.iso" | grep -q "^MBR partition : 1 0x80 0x83 0 " && rep "$tmp/fb0.iso" | grep -q "^MBR partition : 1 0x00 0x83 0 "
ok $? "--mbr-force-bootable: the ISO's MBR entry gets the bootable flag"
mk -R -o "$tmp/fbd.iso" --grub2-mbr "$tmp/sa.bin" -b isolinux/isolinux.bin -no-emul-boot --mbr-force-bootable \
    -append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B "$tmp/esp.img" -appended_part_as_gpt --protective-msdos-label "$b"
rep "$tmp/fbd.iso" | grep -q "^MBR partition : 2 0x80 0x00 0 1$"
ok $? "--mbr-force-bootable with only 0xEE in the MBR: a one-sector bootable dummy entry"
mk -R -o "$tmp/guid.iso" -append_partition 3 0FC63DAF-8483-4772-8E79-3D69D8477DE4 "$tmp/esp.img" \
    -append_partition 2 ebd0a0a2b9e5443387c068b6b72699c7 "$tmp/esp.img" -appended_part_as_gpt -partition_offset 16 \
    -iso_mbr_part_type 0FC63DAF-8483-4772-8E79-3D69D8477DE4 "$b"
rep "$tmp/guid.iso" >"$tmp/r"
grep -q "^GPT type GUID : 3 af3dc60f838472478e793d69d8477de4" "$tmp/r" && grep -q "^GPT type GUID : 2 ebd0a0a2b9e5443387c068b6b72699c7" "$tmp/r" && \
    grep -q "^GPT partname local : 1 ISO9660" "$tmp/r" && grep -q "^GPT type GUID : 1 af3dc60f838472478e793d69d8477de4" "$tmp/r"
ok $? "-append_partition with type GUIDs (structured and plain hex) and -iso_mbr_part_type GUID: the GPT types"
mk -R -o "$tmp/efb.iso" -b isolinux/isolinux.bin -no-emul-boot --efi-boot efi/efi.img -efi-boot-part --efi-boot-image "$b"
rep "$tmp/efb.iso" >"$tmp/r"; elba=$(lba "$tmp/efb.iso" efi.img)
grep -q "^El Torito boot img : 2 UEFI y none 0x0000 0x00 4096 $elba" "$tmp/r" && grep -q "^GPT partname local : [0-9] EFI boot partition" "$tmp/r" && \
    grep -q "^GPT start and size : [0-9] $((elba * 4)) 4096" "$tmp/r"
ok $? "--efi-boot: a UEFI entry without emulation; -efi-boot-part --efi-boot-image: the same blocks as the GPT ESP"
mk -R -o "$tmp/efp.iso" -efi-boot-part "$tmp/esp.img" "$b"
rep "$tmp/efp.iso" >"$tmp/r"; st=$(awk '/^GPT partname local : [0-9] EFI boot partition/ { n = $5 } /^GPT start and size/ && $6 == n { print $7 }' "$tmp/r")
[ -n "$st" ] && dd if="$tmp/efp.iso" bs=512 skip="$st" count=4096 2>/dev/null | cmp -s - "$tmp/esp.img"
ok $? "-efi-boot-part FILE: the file's bytes inside the image, listed as the GPT ESP"
mk -R -o "$tmp/gh.iso" -isohybrid-mbr $ISOLINUX/isohdpfx.bin -b isolinux/isolinux.bin -no-emul-boot -eltorito-alt-boot \
    -e efi/efi.img -no-emul-boot -isohybrid-gpt-hfsplus "$b"
rep "$tmp/gh.iso" >"$tmp/r"
grep -q "^GPT partname local : 2 ISOHybrid1" "$tmp/r" && grep -q "^GPT type GUID : 2 005346480000aa11aa1100306543ecac" "$tmp/r" && \
    grep -q "^MBR partition : 2 0x00 0x00 " "$tmp/r"
ok $? "-isohybrid-gpt-hfsplus: the EFI image as HFS+ in GPT (and an empty-type MBR entry)"
xorriso -as mkisofs -quiet -R -o "$tmp/xgh.iso" -isohybrid-mbr $ISOLINUX/isohdpfx.bin -b isolinux/isolinux.bin -no-emul-boot \
    -eltorito-alt-boot -e efi/efi.img -no-emul-boot -isohybrid-gpt-hfsplus "$b" 2>/dev/null
for f in "$tmp/gh.iso" "$tmp/xgh.iso"; do
    rep "$f" | grep -E '^(MBR partition :|GPT partname|GPT type|System area summary)' | awk '{ if ($1 == "MBR") { $7 = $8 = "" } print }'
done >"$tmp/both"
[ "$(sed -n "1,$(( $(wc -l <"$tmp/both") / 2 ))p" "$tmp/both")" = "$(sed "1,$(( $(wc -l <"$tmp/both") / 2 ))d" "$tmp/both")" ]
ok $? "xorriso's report of the same -isohybrid-gpt-hfsplus line names the same partitions"
mk -R -o "$tmp/ah.iso" -isohybrid-mbr $ISOLINUX/isohdpfx.bin -b isolinux/isolinux.bin -no-emul-boot -eltorito-alt-boot \
    -e efi/efi.img -no-emul-boot -isohybrid-apm-hfsplus "$b"
rep "$tmp/ah.iso" | grep -q "^APM partition name : 1 EFI" && [ "$(byte_at "$tmp/ah.iso" 2048 2)" = 504d ] && \
    [ "$(dd if="$tmp/ah.iso" bs=1 skip=2096 count=19 2>/dev/null)" = Apple_partition_map ]
ok $? "-isohybrid-apm-hfsplus: Apple Partition Map (the map, EFI as Apple_HFS) at 2048-byte blocks"
head -c 32 /dev/zero >"$tmp/nomagic.bin"; head -c 400 $ISOLINUX/isohdpfx.bin | tail -c 400 >>"$tmp/nomagic.bin"
mk -R -o "$tmp/x.iso" -isohybrid-mbr "$tmp/nomagic.bin" -b isolinux/isolinux.bin -no-emul-boot -isohybrid-apm-hfsplus "$b"
[ $? = 2 ] && grep -q "no-op code" "$tmp/out"; ok $? "-isohybrid-apm-hfsplus with an MBR that leaves no room for the APM head: refused"
mk -R -o "$tmp/chrp.iso" -chrp-boot "$b"
rep "$tmp/chrp.iso" | grep -q "^MBR partition : 1 0x80 0x96 0 " && rep "$tmp/chrp.iso" | grep -q "CHRP"
ok $? "-chrp-boot: MBR partition 1 of type 0x96 over the image (xorriso says CHRP)"
mk -R -o "$tmp/x.iso" -chrp-boot --protective-msdos-label "$b"; [ $? = 2 ] && grep -q "chrp" "$tmp/out"
ok $? "-chrp-boot with another MBR feature: refused"
mk -R -o "$tmp/e2.iso" -e --interval:appended_partition_2_start_0s_size_0d:all:: -no-emul-boot \
    -append_partition 2 0xef "--interval:local_fs:0-2097151::$tmp/esp.img" "$b"
rep "$tmp/e2.iso" | grep -q "^El Torito boot img : 1 UEFI y none 0x0000 0x00 4096 " && \
    dd if="$tmp/e2.iso" bs=2048 skip="$(rep "$tmp/e2.iso" | awk '/^El Torito boot img : 1/ { print $NF }')" count=1024 2>/dev/null | cmp -s - "$tmp/esp.img"
ok $? "-append_partition from an interval; -e --interval:appended_partition_2_start_..: the UEFI entry is the partition"

# ---- HFS+ ----
h="$tmp/hfs"
mkdir -p "$h/System/Library/CoreServices" "$h/many" "$h/Case"
echo efi >"$h/System/Library/CoreServices/boot.efi"; echo label >"$h/System/Library/CoreServices/.disk_label"
echo upper >"$h/Case/README"; echo lower >"$h/Case/readme"; echo "ü" >"$h/Case/$(printf 'u\314\210ber.txt')"
echo hidden >"$h/Case/secret.txt"; ln -s README "$h/Case/sys"
i=0; while [ $i -lt 400 ]; do echo "file $i" >"$h/many/a-file-with-a-rather-long-name-so-that-the-catalog-needs-$i.txt"; i=$((i + 1)); done
mk -R -J -V HFSVOL -hfsplus -apm-block-size 2048 -hfsplus-file-creator-type chrp tbxj /System/Library/CoreServices/.disk_label \
    -hfs-bless-by i /System/Library/CoreServices/boot.efi -hfs-bless-by p /System -hfsplus-serial-no 0123456789abcdef \
    -hide-hfsplus secret.txt -o "$tmp/h.iso" "$h"
ok $? "-hfsplus -apm-block-size 2048 -hfsplus-file-creator-type -hfs-bless-by -hfsplus-serial-no -hide-hfsplus"
rep "$tmp/h.iso" >"$tmp/r"
grep -q "^APM partition name : 1 Gap0" "$tmp/r" && grep -q "^APM partition name : 2 HFSPLUS_Hybrid" "$tmp/r" && \
    grep -q "^APM partition type : 2 Apple_HFS" "$tmp/r" && [ "$(byte_at "$tmp/h.iso" 0 8)" = 45520800eb02ffff ]
ok $? "-hfsplus: Apple Partition Map Gap0 / HFSPLUS_Hybrid / Gap1 and xorriso's 8-byte Block0"
set -- $(awk '/^APM partition name : [0-9] HFSPLUS_Hybrid/ { n = $5 } /^APM start and size/ && $6 == n { print $7, $8 }' "$tmp/r")
dd if="$tmp/h.iso" of="$tmp/h.hfs" bs=2048 skip="${1:-0}" count="${2:-0}" 2>/dev/null
mkdir "$tmp/hx"
7z x -thfs -o"$tmp/hx" "$tmp/h.hfs" >"$tmp/7" 2>&1 && [ -d "$tmp/hx/HFSVOL" ] && \
    diff -r "$h/many" "$tmp/hx/HFSVOL/many" >/dev/null && diff -r "$h/System" "$tmp/hx/HFSVOL/System" >/dev/null && \
    cmp -s "$h/Case/README" "$tmp/hx/HFSVOL/Case/README" && [ ! -e "$tmp/hx/HFSVOL/Case/secret.txt" ] && \
    [ "$(ls "$tmp/hx/HFSVOL/Case" | tr '\n' ' ')" = "README readme_2 sys u$(printf '\314\210')ber.txt " ] && [ "$(readlink "$tmp/hx/HFSVOL/Case/sys")" = README ]
ok $? "7-Zip reads the HFS+ volume: 400 files through a multi-level catalog, contents equal, case clash readme_2, -hide-hfsplus"
long=a-file-with-a-rather-long-name-so-that-the-catalog-needs
command -v grub-fstest >/dev/null 2>&1 && grub-fstest "$tmp/h.hfs" cmp "(loop0)/many/$long-399.txt" "$h/many/$long-399.txt" \
    >/dev/null 2>&1 && grub-fstest "$tmp/h.hfs" cmp "(loop0)/many/$long-0.txt" "$h/many/$long-0.txt" >/dev/null 2>&1 && \
    grub-fstest "$tmp/h.hfs" cmp '(loop0)/System/Library/CoreServices/boot.efi' "$h/System/Library/CoreServices/boot.efi" \
    >/dev/null 2>&1 && grub-fstest "$tmp/h.hfs" cmp '(loop0)/case/Readme' "$h/Case/README" >/dev/null 2>&1
ok $? "GRUB's HFS+ driver looks paths up through the catalog B-tree (first and last of 400 names, case-insensitively)"
python3 - "$tmp/h.hfs" <<'EOF'
import struct, sys
d = open(sys.argv[1], 'rb').read()
vh = d[1024:1536]
assert vh[:2] == b'H+' and struct.unpack('>H', vh[2:4])[0] == 4
fi = struct.unpack('>8I', vh[80:112])
assert vh[104:112] == bytes.fromhex('0123456789abcdef')
cat_start, cat_count = struct.unpack('>II', vh[272 + 16:272 + 24])
cat = d[cat_start * 2048:(cat_start + cat_count) * 2048]
node = struct.unpack('>H', cat[14 + 18:14 + 20])[0]
n = struct.unpack('>I', cat[14 + 10:14 + 14])[0]
recs = {}
while n:
    b = cat[n * node:(n + 1) * node]
    nxt, _, kind, _, cnt = struct.unpack('>IIbBH', b[:12])
    assert kind == -1
    for i in range(cnt):
        off = struct.unpack('>H', b[node - 2 - 2 * i:node - 2 * i])[0]
        kl, parent, nl = struct.unpack('>HIH', b[off:off + 8])
        name = b[off + 8:off + 8 + 2 * nl].decode('utf-16-be')
        r = b[off + 2 + kl:]
        rtype = struct.unpack('>H', r[:2])[0]
        if rtype in (1, 2):
            recs[name] = (rtype, struct.unpack('>I', r[8:12])[0], r[48:52], r[52:56])
    n = nxt
assert fi[1] == recs['boot.efi'][1], 'intel_bootfile'
assert fi[0] == recs['System'][1], 'ppc_bootdir'
assert recs['.disk_label'][2:] == (b'tbxj', b'chrp'), 'type and creator'
assert recs['sys'][2:] == (b'slnk', b'rhap'), 'symlink'
EOF
ok $? "HFS+ volume header: blessings (intel_bootfile, ppc_bootdir), serial; Finder type/creator tbxj/chrp; symlink slnk/rhap"
mk -hfsplus -apm-block-size 512 -o "$tmp/x.iso" "$h"; [ $? = 2 ] && grep -q "2048" "$tmp/out"
ok $? "-apm-block-size 512: refused (2048 only, a GPT beside the map needs it)"
mk -hfsplus -hfs-bless-by i /System -o "$tmp/x.iso" "$h"; [ $? = 2 ] && grep -q "/System: not a regular file" "$tmp/out"
ok $? "-hfs-bless-by i on a directory: refused, named"

done_testing
