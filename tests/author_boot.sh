#!/bin/sh
# author_boot.sh: bootable hybrid images (issue 7).  Builds a payload at
# test time (tests/boot_lib.sh, shared with mkisofs_recipes.sh:
# isolinux that shows its prompt on serial and powers off;
# a grub-mkstandalone EFI binary that prints a marker and $cmdpath on
# serial and halts, in a mkfs.fat ESP), authors one hybrid image with
# Joliet, Rock Ridge and a UDF 2.01 bridge (BIOS no-emulation entry with
# boot-info-table, UEFI entry on the appended ESP, isohdpfx MBR, GPT)
# and boots it in QEMU as CD and as hard disk, under SeaBIOS and OVMF.
# The same image is read back by xorriso (El Torito and system-area
# reports), isoinfo, 7z, udfinfo, bsdtar and sfdisk; the boot-info-table
# is checked byte by byte; two builds are identical.  Also: the MBR-only
# layout (booted as hard disk), the Debian-style mkisofs spelling with
# the ESP inside the tree, floppy and hard-disk emulation with a hidden
# catalog, -partition_offset 16 (the partition alone is a valid ISO),
# and bad input (each error names the file).
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/boot_lib.sh"
dw="$top_builddir/cli/discwright"
boot_need isoinfo 7z bsdtar udfinfo sfdisk python3

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# ---- payload ----
src="$tmp/src"
mkdir -p "$src/docs"
boot_payload_isolinux "$src/isolinux"
echo "a file beside the boot loader" >"$src/docs/readme.txt"
boot_payload_esp
ok $? "grub-mkstandalone: a small EFI binary ($(stat -c %s "$tmp/bootx64.efi" 2>/dev/null) bytes) in a mkfs.fat ESP with EFI/BOOT/BOOTX64.EFI"
esp="$tmp/esp.img"

# ---- the hybrid image ----
img="$tmp/hybrid.iso"
build() {
    "$dw" author "$src" --volid DWBOOT --udf=2.01 --boot-catalog /isolinux/boot.cat \
        --boot-bios /isolinux/isolinux.bin --boot-load-size 4 --boot-info-table \
        --append-partition 2:0xef:"$esp" --boot-efi appended:2 \
        --isohybrid-mbr $ISOLINUX/isohdpfx.bin --gpt -o "$1"
}
build "$img"; ok $? "author: hybrid image (Joliet, Rock Ridge, UDF 2.01, El Torito BIOS + UEFI, isohybrid MBR, GPT)"
build "$tmp/again.iso"
cmp -s "$img" "$tmp/again.iso"; ok $? "two builds are byte-identical (GUIDs and disk id derived, not random)"
rm -f "$tmp/again.iso"
echo "one more file" >"$src/docs/extra.txt"
build "$tmp/again.iso"
rm "$src/docs/extra.txt"
id1=$(sfdisk -d "$img" 2>/dev/null | sed -n 's/^label-id: //p')
id2=$(sfdisk -d "$tmp/again.iso" 2>/dev/null | sed -n 's/^label-id: //p')
[ -n "$id1" ] && [ -n "$id2" ] && [ "$id1" != "$id2" ]; ok $? "another tree gets another disk GUID ($id1 / $id2)"
rm -f "$tmp/again.iso"
cmp -s $ISOLINUX/isolinux.bin "$src/isolinux/isolinux.bin"; ok $? "the source isolinux.bin is not patched"

# xorriso's own reading of what we wrote
xorriso -indev "$img" -report_el_torito plain -report_system_area plain >"$tmp/rep" 2>&1
ok $? "xorriso -report_el_torito -report_system_area"
sed 's/  */ /g' "$tmp/rep" >"$tmp/r"
bin_lba=$(isoinfo -l -i "$img" | sed -n 's/.*\[ *\([0-9]*\) [0-9]*\] *ISOLINUX.BIN;1.*/\1/p')
grep -q "^El Torito cat path : /isolinux/boot.cat" "$tmp/r" && grep -q "^El Torito img path : 1 /isolinux/isolinux.bin" "$tmp/r"
ok $? "xorriso: catalog /isolinux/boot.cat, entry 1 is /isolinux/isolinux.bin"
grep -q "^El Torito boot img : 1 BIOS y none 0x0000 0x00 4 $bin_lba\$" "$tmp/r" && \
    grep -q "^El Torito img opts : 1 boot-info-table isohybrid-suitable" "$tmp/r"
ok $? "xorriso: entry 1 BIOS, no emulation, 4 sectors at LBA $bin_lba, boot-info-table, isohybrid-suitable"
grep -q "^El Torito boot img : 2 UEFI y none 0x0000 0x00 4096 " "$tmp/r"
ok $? "xorriso: entry 2 UEFI, no emulation, the whole 2 MiB ESP"
grep -q "^System area summary: MBR isohybrid cyl-align-off GPT" "$tmp/r" && \
    grep -q "^MBR partition : 1 0x00 0xee 1 " "$tmp/r"
ok $? "xorriso: isohybrid MBR, protective 0xEE partition, GPT"
grep -q "^GPT type GUID : 2 28732ac11ff8d211ba4b00a0c93ec93b" "$tmp/r" && \
    grep -q "^GPT type GUID : 1 a2a0d0ebe5b9334487c068b6b72699c7" "$tmp/r" && grep -q "^GPT start and size : 1 64 " "$tmp/r"
ok $? "xorriso: GPT 1 = ISO (basic data from sector 64), GPT 2 = EFI system partition"
esp_start=$(awk '/^GPT start and size/ && $6 == 2 { print $7 }' "$tmp/rep")
grep -q "^El Torito boot img : 2 UEFI y none 0x0000 0x00 4096 $((esp_start / 4))\$" "$tmp/r"
ok $? "the UEFI entry points at the appended partition (sector $esp_start)"
dd if="$img" bs=512 skip="$esp_start" count=4096 2>/dev/null | cmp -s - "$esp"; ok $? "appended ESP bytes intact"

# sfdisk (util-linux) checks both GPT copies and their CRCs
sfdisk --verify "$img" >"$tmp/sf" 2>&1 && grep -q "No errors detected" "$tmp/sf"; ok $? "sfdisk --verify: GPT clean"
sfdisk -d "$img" 2>/dev/null | grep -q "start= *$esp_start, size= *4096, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
ok $? "sfdisk: partition 2 is the ESP"

# the boot-info-table, byte by byte
xorriso -osirrox on -indev "$img" -extract /isolinux/isolinux.bin "$tmp/bin" >/dev/null 2>&1
python3 - "$tmp/bin" $ISOLINUX/isolinux.bin "$bin_lba" <<'EOF'
import struct, sys
out, orig, lba = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read(), int(sys.argv[3])
body = orig[64:] + b'\0' * (-len(orig) % 4)
csum = sum(struct.unpack('<%dI' % (len(body) // 4), body)) & 0xffffffff
want = struct.pack('<4I', 16, lba, len(orig), csum) + b'\0' * 40
sys.exit(0 if len(out) == len(orig) and out[:8] == orig[:8] and out[8:64] == want and out[64:] == orig[64:] else 1)
EOF
ok $? "boot-info-table: PVD 16, LBA $bin_lba, length, checksum; every other byte as the source"
python3 - "$img" "$bin_lba" <<'EOF'
import struct, sys
d = open(sys.argv[1], 'rb').read(512)
sys.exit(0 if struct.unpack('<Q', d[432:440])[0] == int(sys.argv[2]) * 4 and d[510:512] == b'\x55\xaa' else 1)
EOF
ok $? "isohybrid MBR patched with the boot image's sector (LBA x 4)"

# independent readers
isoinfo -d -i "$img" >"$tmp/d" 2>&1 && grep -q "El Torito VD version 1 found" "$tmp/d" && grep -q "Joliet" "$tmp/d" && \
    grep -q "Rock Ridge" "$tmp/d"
ok $? "isoinfo -d: El Torito, Joliet, Rock Ridge"
isoinfo -R -f -i "$img" | LC_ALL=C sort | tr '\n' ' ' >"$tmp/l"
[ "$(cat "$tmp/l")" = "/docs /docs/readme.txt /isolinux /isolinux/boot.cat /isolinux/isolinux.bin /isolinux/isolinux.cfg /isolinux/ldlinux.c32 /isolinux/libcom32.c32 /isolinux/poweroff.c32 " ]
ok $? "isoinfo -R: the tree with the visible catalog ($(cat "$tmp/l"))"
7z l "$img" >"$tmp/7" 2>&1 && grep -q "docs/readme.txt" "$tmp/7"; ok $? "7z lists the image"
udfinfo "$img" >"$tmp/u" 2>/dev/null && grep -q "^udfrev=2.01" "$tmp/u" && grep -q "^label=DWBOOT" "$tmp/u"
ok $? "udfinfo: UDF 2.01 bridge next to the boot tables"
mkdir "$tmp/x"
bsdtar -xf "$img" -C "$tmp/x" && cmp -s "$tmp/x/docs/readme.txt" "$src/docs/readme.txt"; ok $? "bsdtar extracts"
"$dw" verify --fs "$img" >"$tmp/v" 2>&1 && grep -q "El Torito catalog with 2 boot image" "$tmp/v"
ok $? "discwright verify --fs: structure good"
grep -q "El Torito entry 1: BIOS, bootable, emulation none, 4 sectors at block $bin_lba" "$tmp/v" && \
    grep -q "El Torito entry 2: UEFI, bootable, emulation none, 4096 sectors at block $((esp_start / 4))" "$tmp/v" && \
    grep -q "GPT partition 2 \"Appended2\": type C12A7328-F81F-11D2-BA4B-00A0C93EC93B, sectors $esp_start-" "$tmp/v" && \
    ! grep -q "backup GPT" "$tmp/v"
ok $? "verify --fs reports both El Torito entries and the GPT partitions, backup GPT consistent"
"$dw" info "$img" >"$tmp/i" 2>&1 && sed 's/  */ /g' "$tmp/i" >"$tmp/in"
grep -q "^ 1 BIOS none yes 0x00 4 $bin_lba\$" "$tmp/in" && grep -q "^ 2 UEFI none yes 0x00 4096 $((esp_start / 4))\$" "$tmp/in" && \
    grep -q "^GPT: disk .*, header valid, entries valid, backup valid" "$tmp/in" && grep -q "^ 1 no 0xee 1 " "$tmp/in" && \
    grep -q "^ 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B $esp_start $((esp_start + 4095)) Appended2" "$tmp/in"
ok $? "discwright info: El Torito entries, protective MBR, GPT partitions"
"$dw" --json info "$img" 2>/dev/null | tail -1 | python3 -c '
import json, sys
b = json.loads(sys.stdin.read())["data"]["boot"]
e = b["el_torito"]["entries"]
assert [x["platform"] for x in e] == ["BIOS", "UEFI"] and e[0]["sectors"] == 4
assert b["mbr"]["boot_code"] and b["mbr"]["partitions"][0]["type"] == 0xEE
assert b["gpt"]["backup_valid"] and [p["number"] for p in b["gpt"]["partitions"]] == [1, 2]
'
ok $? "discwright --json info: the boot object"

# ---- booting (boot_lib.sh) ----
if [ -z "$QEMU" ]; then
    for m in "BIOS as CD" "BIOS as hard disk" "UEFI as CD" "UEFI as hard disk" "MBR-only image, BIOS as hard disk" \
             "MBR-only image, UEFI as hard disk" "in-tree ESP, UEFI as CD" "in-tree ESP, UEFI as hard disk"; do
        echo "ok $((_tap_n += 1)) # SKIP boot $m: qemu-system-x86 missing (tools/setup.sh installs it)"
    done
else
    boot bios-cd bios cd "$img"; bios_ok $? "$tmp/bios-cd.log"; ok $? "boots: BIOS as CD (ISOLINUX banner, config prompt, poweroff)"
    boot bios-hd bios hd "$img"; bios_ok $? "$tmp/bios-hd.log"; ok $? "boots: BIOS as hard disk / USB stick (isohdpfx MBR)"
    if [ -f $OVMF_CODE ]; then
        boot uefi-cd uefi cd "$img"; uefi_ok $? "$tmp/uefi-cd.log" '(cd0)'; ok $? "boots: UEFI as CD (GRUB marker, \$cmdpath (cd0))"
        boot uefi-hd uefi hd "$img"; uefi_ok $? "$tmp/uefi-hd.log" '(hd0'; ok $? "boots: UEFI as hard disk (GPT ESP, \$cmdpath (hd0...))"
    else
        echo "ok $((_tap_n += 1)) # SKIP boot UEFI as CD: OVMF missing (package ovmf)"
        echo "ok $((_tap_n += 1)) # SKIP boot UEFI as hard disk: OVMF missing (package ovmf)"
    fi
fi

# ---- MBR-only layout (no GPT): ISO as bootable 0x17 partition 1, ESP as 0xEF partition 2 ----
mbr="$tmp/mbr.iso"
"$dw" author "$src" --volid DWBOOT --udf=2.50 --boot-bios /isolinux/isolinux.bin --boot-info-table \
    --append-partition 2:0xef:"$esp" --boot-efi appended:2 --isohybrid-mbr $ISOLINUX/isohdpfx.bin -o "$mbr"
ok $? "author: MBR-only hybrid with a UDF 2.50 bridge"
xorriso -indev "$mbr" -report_system_area plain 2>/dev/null | sed 's/  */ /g' >"$tmp/rm"
grep -q "^MBR partition : 1 0x80 0x17 0 " "$tmp/rm" && grep -q "^MBR partition : 2 0x00 0xef " "$tmp/rm" && \
    ! grep -q "^GPT" "$tmp/rm"
ok $? "xorriso: MBR partition 1 = ISO (bootable, 0x17), 2 = ESP (0xEF), no GPT"
"$dw" info "$mbr" 2>/dev/null | sed 's/  */ /g' >"$tmp/im"
grep -q "^ 1 yes 0x17 0 " "$tmp/im" && grep -q "^ 2 no 0xef " "$tmp/im" && ! grep -q "^GPT" "$tmp/im"
ok $? "discwright info: the MBR partitions of the MBR-only image"
udfinfo "$mbr" >"$tmp/um" 2>&1 && grep -q "^udfrev=2.50" "$tmp/um" && ! grep -qi "warning" "$tmp/um" && \
    "$dw" verify --fs "$mbr" >"$tmp/vm" 2>&1 && ! grep -q "^warning" "$tmp/vm"
ok $? "udfinfo and verify: UDF 2.50 bridge, closing anchor in the last block after the ESP, no warnings"
if [ -n "$QEMU" ]; then
    boot mbr-bios bios hd "$mbr"; bios_ok $? "$tmp/mbr-bios.log"; ok $? "boots: MBR-only image, BIOS as hard disk"
    if [ -f $OVMF_CODE ]; then
        # Without GPT, OVMF finds El Torito on the disk before the MBR, so
        # GRUB names the device (cd0); the firmware's own line says HARDDISK.
        boot mbr-uefi uefi hd "$mbr"; uefi_ok $? "$tmp/mbr-uefi.log" '(' && \
            grep -q 'starting Boot[0-9]* "UEFI QEMU HARDDISK' "$tmp/mbr-uefi.log"
        ok $? "boots: MBR-only image, UEFI as hard disk"
    else
        echo "ok $((_tap_n += 1)) # SKIP boot MBR-only UEFI: OVMF missing"
    fi
fi

# ---- the remaining UDF revision, and no UDF at all, with the same boot set-up ----
for rev in 1.02 none; do
    u="--udf=$rev"; [ $rev = none ] && u=
    # shellcheck disable=SC2086
    "$dw" author "$src" $u --boot-bios /isolinux/isolinux.bin --boot-load-size 4 --boot-info-table \
        --append-partition 2:0xef:"$esp" --boot-efi appended:2 --isohybrid-mbr $ISOLINUX/isohdpfx.bin --gpt \
        -o "$tmp/r$rev.iso" && sfdisk --verify "$tmp/r$rev.iso" 2>&1 | grep -q "No errors detected" && \
        "$dw" verify --fs "$tmp/r$rev.iso" >"$tmp/vr" 2>&1 && grep -q "El Torito catalog with 2 boot image" "$tmp/vr" && \
        { [ $rev = none ] || udfinfo "$tmp/r$rev.iso" 2>/dev/null | grep -q "^udfrev=$rev"; }
    ok $? "UDF $rev: hybrid image, GPT clean, El Torito intact$([ $rev = none ] || echo ", udfinfo reads UDF $rev")"
    rm -f "$tmp/r$rev.iso"
done

# ---- Debian-style mkisofs spelling: the ESP is a file of the tree, marked as partition ----
mkdir "$tmp/deb"
cp -r "$src/isolinux" "$src/docs" "$tmp/deb/"
mkdir -p "$tmp/deb/boot/grub" && cp "$esp" "$tmp/deb/boot/grub/efi.img"
"$dw" mkisofs -r -J -joliet-long -V DWDEB -o "$tmp/deb.iso" -isohybrid-mbr $ISOLINUX/isohdpfx.bin \
    -b isolinux/isolinux.bin -c isolinux/boot.cat -boot-load-size 4 -boot-info-table -no-emul-boot \
    -eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot -isohybrid-gpt-basdat "$tmp/deb"
ok $? "mkisofs: -b -c -boot-load-size -boot-info-table -no-emul-boot -eltorito-alt-boot -e -isohybrid-gpt-basdat -isohybrid-mbr"
xorriso -indev "$tmp/deb.iso" -report_el_torito plain -report_system_area plain 2>/dev/null | sed 's/  */ /g' >"$tmp/rd"
efi_lba=$(awk '/^El Torito boot img : 2 UEFI/ { print $NF }' "$tmp/rd")
grep -q "^El Torito img path : 2 /boot/grub/efi.img" "$tmp/rd" && \
    grep -q "^GPT start and size : 2 $((efi_lba * 4)) 4096" "$tmp/rd" && grep -q "^GPT partition path : 2 /boot/grub/efi.img" "$tmp/rd"
ok $? "xorriso: UEFI entry /boot/grub/efi.img, and the same blocks as GPT partition 2"
# xorriso's isohybrid layout: MBR partition 1 bootable over the image
# (type 0x00 since a boot image is listed in GPT), the ESP as 0xEF in MBR
# slot 2, GPT entries ISOHybrid (open ended) and ISOHybrid1 (the ESP).
grep -q "^MBR partition : 1 0x80 0x00 0 " "$tmp/rd" && grep -q "^MBR partition : 2 0x00 0xef $((efi_lba * 4)) 4096" "$tmp/rd" && \
    grep -q "^GPT partname local : 1 ISOHybrid\$" "$tmp/rd" && grep -q "^GPT partname local : 2 ISOHybrid1" "$tmp/rd"
ok $? "xorriso's isohybrid tables: MBR 1 = image (0x80, 0x00), MBR 2 = ESP (0xEF), GPT ISOHybrid + ISOHybrid1"
if [ -n "$QEMU" ] && [ -f $OVMF_CODE ]; then
    boot deb-cd uefi cd "$tmp/deb.iso"; uefi_ok $? "$tmp/deb-cd.log" '(cd0)'; ok $? "boots: in-tree ESP, UEFI as CD"
    # As with xorriso's image, OVMF takes El Torito from the disk: GRUB says (cd0).
    boot deb-hd uefi hd "$tmp/deb.iso"; uefi_ok $? "$tmp/deb-hd.log" '(' && uefi_disk "$tmp/deb-hd.log"
    ok $? "boots: in-tree ESP, UEFI as hard disk"
elif [ -n "$QEMU" ]; then
    echo "ok $((_tap_n += 1)) # SKIP in-tree ESP UEFI boots: OVMF missing"
fi

# ---- -partition_offset 16: a second descriptor set and tree addressed from the partition ----
"$dw" mkisofs -R -J -V DWOFF -o "$tmp/off.iso" -b isolinux/isolinux.bin -no-emul-boot -boot-load-size 4 \
    -boot-info-table -isohybrid-mbr $ISOLINUX/isohdpfx.bin -partition_offset 16 \
    -append_partition 2 0xef "$esp" -eltorito-alt-boot -e --interval:appended_partition_2:all:: -no-emul-boot "$src"
ok $? "mkisofs -partition_offset 16 with isohybrid MBR and an appended ESP"
xorriso -indev "$tmp/off.iso" -report_system_area plain 2>/dev/null | sed 's/  */ /g' >"$tmp/ro"
grep -q "^Partition offset : 16" "$tmp/ro" && grep -q "^MBR partition : 1 0x80 0x17 64 " "$tmp/ro"
ok $? "xorriso: partition offset 16, MBR partition 1 from sector 64"
dd if="$tmp/off.iso" of="$tmp/part.iso" bs=2048 skip=16 2>/dev/null
[ "$(isoinfo -R -f -i "$tmp/part.iso" | LC_ALL=C sort | tr '\n' ' ')" = "$(isoinfo -R -f -i "$tmp/off.iso" | LC_ALL=C sort | tr '\n' ' ')" ] && \
    [ "$(isoinfo -J -f -i "$tmp/part.iso" | LC_ALL=C sort | tr '\n' ' ')" = "$(isoinfo -J -f -i "$tmp/off.iso" | LC_ALL=C sort | tr '\n' ' ')" ]
ok $? "the partition alone reads as the same Rock Ridge and Joliet trees (isoinfo)"
rm -rf "$tmp/px"; mkdir "$tmp/px"
bsdtar -xf "$tmp/part.iso" -C "$tmp/px" && cmp -s "$tmp/px/isolinux/ldlinux.c32" "$src/isolinux/ldlinux.c32" && \
    cmp -s "$tmp/px/docs/readme.txt" "$src/docs/readme.txt"
ok $? "bsdtar extracts the partition's files byte for byte"
"$dw" verify --fs "$tmp/part.iso" >"$tmp/vp" 2>&1 && "$dw" verify --fs "$tmp/off.iso" >>"$tmp/vp" 2>&1
ok $? "verify --fs: the whole image and the partition are both clean"
if [ -n "$QEMU" ]; then
    boot off-bios bios hd "$tmp/off.iso"; bios_ok $? "$tmp/off-bios.log"; ok $? "boots: partition-offset image, BIOS as hard disk"
fi
rm -f "$tmp/part.iso"

# ---- emulation entries and a hidden catalog ----
mkdir "$tmp/emu"
mkfs.fat -C "$tmp/emu/fd.img" 1440 >/dev/null
truncate -s 2M "$tmp/emu/hd.img" && printf 'start=64, type=6\n' | sfdisk -q "$tmp/emu/hd.img" >/dev/null 2>&1
"$dw" mkisofs -o "$tmp/emu.iso" -R -b fd.img -c boot.cat -boot-catalog-hide -eltorito-alt-boot -b hd.img -hard-disk-boot \
    "$tmp/emu"
ok $? "mkisofs: floppy and hard-disk emulation entries, hidden catalog"
xorriso -indev "$tmp/emu.iso" -report_el_torito plain 2>/dev/null | sed 's/  */ /g' >"$tmp/re"
grep -q "^El Torito boot img : 1 BIOS y fd1.4 0x0000 0x00 1 " "$tmp/re" && \
    grep -q "^El Torito boot img : 2 BIOS y hd 0x0000 0x06 1 " "$tmp/re" && grep -q "^El Torito catalog : " "$tmp/re"
ok $? "xorriso: 1.44 MB floppy entry, hard-disk entry with partition type 0x06, catalog present"
[ "$(isoinfo -R -f -i "$tmp/emu.iso" | LC_ALL=C sort | tr '\n' ' ')" = "/fd.img /hd.img " ]
ok $? "the hidden catalog has no directory entry"

# ---- --grub2-boot-info: the image's 512-byte address + 5 at byte 2548 ----
"$dw" author "$src" --boot-bios /isolinux/ldlinux.c32 --grub2-boot-info -o "$tmp/g2.iso"
ok $? "author --grub2-boot-info"
g2_lba=$(isoinfo -l -i "$tmp/g2.iso" | sed -n 's/.*\[ *\([0-9]*\) [0-9]*\] *LDLINUX.C32;1.*/\1/p')
xorriso -osirrox on -indev "$tmp/g2.iso" -extract /isolinux/ldlinux.c32 "$tmp/g2.bin" >/dev/null 2>&1
python3 - "$tmp/g2.bin" "$src/isolinux/ldlinux.c32" "$g2_lba" <<'EOF2'
import struct, sys
out, orig, lba = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read(), int(sys.argv[3])
ok = len(out) == len(orig) and struct.unpack('<Q', out[2548:2556])[0] == lba * 4 + 5
ok = ok and out[:2548] == orig[:2548] and out[2556:] == orig[2556:]
sys.exit(0 if ok else 1)
EOF2
ok $? "grub2 boot info: LBA $g2_lba x 4 + 5 at 2548, nothing else changed"

# ---- partitions without El Torito: no catalog, no boot record ----
"$dw" author "$src" --append-partition 1:0x83:"$esp" -o "$tmp/np.iso" && \
    [ "$(isoinfo -f -i "$tmp/np.iso" | grep -ci catalog)" = 0 ] && ! isoinfo -d -i "$tmp/np.iso" | grep -q "El Torito" && \
    sfdisk -d "$tmp/np.iso" 2>/dev/null | grep -q "start= *$(( $(stat -c %s "$tmp/np.iso") / 512 - 4096 )), size= *4096, type=83"
ok $? "an appended Linux partition 1 alone: no catalog, no boot record, MBR slot 1 holds it"

# ---- bad input: clear errors naming the file ----
err() { # EXPECTED_RC PATTERN DESCRIPTION args...
    want=$1; pat=$2; d=$3; shift 3
    "$dw" author "$@" -o "$tmp/bad.iso" >/dev/null 2>"$tmp/e"; rc=$?
    [ $rc = "$want" ] && grep -q -- "$pat" "$tmp/e" && [ ! -e "$tmp/bad.iso" ]
    ok $? "$d (exit $rc: $(head -1 "$tmp/e"))"
}
err 2 "/isolinux/nothere.bin" "missing boot image is named" "$src" --boot-bios /isolinux/nothere.bin
err 2 "$tmp/bootx64.efi.*not in the image tree" "boot image outside the tree is named" "$src" --boot-bios "$tmp/bootx64.efi"
err 2 "/docs/readme.txt.*floppy" "wrong size for floppy emulation is named" "$src" --boot-floppy /docs/readme.txt
err 2 "/isolinux/ldlinux.c32.*not a FAT" "UEFI image that is not FAT is named" "$src" --boot-efi /isolinux/ldlinux.c32
err 2 "$src/docs/readme.txt.*not a FAT" "appended ESP that is not FAT is named" "$src" \
    --append-partition 2:0xef:"$src/docs/readme.txt"
err 1 "$tmp/none.bin" "missing isohybrid MBR file is named" "$src" --boot-bios /isolinux/isolinux.bin \
    --isohybrid-mbr "$tmp/none.bin"
err 1 "$tmp/none.img" "missing appended partition file is named" "$src" --append-partition 2:0xef:"$tmp/none.img"
err 2 "/docs.*not a regular file" "a directory as boot image is refused" "$src" --boot-bios /docs
err 2 "/docs/readme.txt.*already taken" "a boot catalog path that is taken is named" "$src" \
    --boot-bios /isolinux/isolinux.bin --boot-catalog /docs/readme.txt
err 2 "/docs/readme.txt.*too small for --grub2-boot-info" "a boot image too small for grub2-boot-info is named" \
    "$src" --boot-bios /docs/readme.txt --grub2-boot-info
err 1 "partition_offset 16: supported .* without a UDF bridge" "-partition_offset with a UDF bridge is refused" \
    "$src" --udf --boot-bios /isolinux/isolinux.bin --partition-offset 16
"$dw" mkisofs -o "$tmp/bad.iso" -e boot/grub/nothere.img "$tmp/deb" >/dev/null 2>"$tmp/e"; rc=$?
[ $rc = 2 ] && grep -q "boot/grub/nothere.img" "$tmp/e"; ok $? "mkisofs -e with a missing image: exit $rc, named"

done_testing
