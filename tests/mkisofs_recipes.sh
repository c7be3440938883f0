#!/bin/sh
# mkisofs_recipes.sh: `discwright mkisofs` as a drop-in for `xorriso -as
# mkisofs` in the tools that build distribution ISOs (issue 15).  One
# image per published recipe, with the option list the tool passes:
#   mkarchiso (archiso releng: bios.syslinux + uefi ESP), called as
#     `xorriso -no_rc -as mkisofs` through a symlink named xorriso;
#   Debian live-build 1:20230502 (syslinux + grub-efi, iso-hybrid), called
#     as `xorriso -as mkisofs` through the same symlink;
#   Ubuntu's desktop ISO, as `xorriso -report_el_torito as_mkisofs` shows
#     it (grub2-mbr and the appended ESP read back from a reference image
#     with the interval reader), through `discwright -as mkisofs`;
#   Fedora lorax (boot.iso with GRUB 2 for BIOS and an appended ESP),
#     called as xorrisofs through a symlink;
#   grub-mkrescue itself with --xorriso=discwright (with -hfsplus: an
#     HFS+ volume and its Apple Partition Map).
# Each recipe is built by xorriso and by discwright from the same tree;
# xorriso's El Torito and system-area reports of both must name the same
# boot entries and partitions.  What may differ is layout, our own
# choice: block addresses of the catalog, boot images and appended
# partitions, partition sizes (our tree places files differently, and
# our PVD volume size covers the whole image), the MBR id and the GUIDs
# (derived from the volume, not random or from the date).  The report
# lines are compared with those numbers left out, except partition
# starts up to sector 64 (0, 1, 64: fixed by the options).
# Then each of our images boots in QEMU as BIOS CD, BIOS disk, UEFI CD
# and UEFI disk.  Payloads come from Debian packages at test time
# (tests/boot_lib.sh): ISOLINUX, GRUB's i386-pc-eltorito image and
# boot_hybrid.img (grub-pc-bin), a grub-mkstandalone ESP.  Where a
# recipe's own loader is not in Debian (archiso's systemd-boot ESP,
# Ubuntu's and Fedora's signed shim/grubx64.efi) the GRUB ESP stands in.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/boot_lib.sh"
dw="$top_builddir/cli/discwright"
boot_need grub-mkimage bsdtar 7z
[ -f $GRUB_PC/boot_hybrid.img ] || skip_all "$GRUB_PC/boot_hybrid.img missing (grub-pc-bin; tools/setup.sh installs it)"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
mkdir "$tmp/bin"
dw_binary
ln -s "$DWB" "$tmp/bin/xorriso"
ln -s "$DWB" "$tmp/bin/xorrisofs"
real_xorriso=$(command -v xorriso)

# ---- payloads ----
boot_payload_esp; ok $? "payload: grub-mkstandalone ESP (2 MiB FAT, EFI/BOOT/BOOTX64.EFI)"
esp="$tmp/esp.img"
boot_grub_cfg "$tmp/grub-bios.cfg"
boot_payload_grub_bios "$tmp/eltorito.img" /boot/grub && boot_payload_grub_bios "$tmp/eltorito2.img" /boot/grub2
ok $? "payload: GRUB i386-pc-eltorito images (prefix /boot/grub and /boot/grub2)"

# The boot-relevant report lines without layout numbers.
norm() {
    boot_report "$1" | awk '
        /^El Torito boot img :/ { $NF = "L"; print; next }
        /^El Torito (img path|img opts|cat path|img blks) :/ { print; next }
        /^System area summary:/ { print; next }
        /^(Partition offset|MBR heads per cyl|MBR secs per head) :/ { print; next }
        /^MBR partition :/ { if ($7 > 64) $7 = "L"; $8 = "S"; print; next }
        /^MBR partition path :/ { print; next }
        /^GPT entry array :/ { print $1, $2, $3, $4, $5, $6; next }
        /^GPT (partname local|type GUID|partition flags|partition path) :/ { print; next }
        /^GPT start and size :/ { if ($7 > 64) $7 = "L"; $8 = "S"; print; next }
        /^APM (block size|gap fillers|partition name|partition type|partition path) :/ { print; next }'
}
same_report() { # XORRISO_IMAGE OUR_IMAGE NAME
    norm "$1" >"$tmp/$3.ref"; norm "$2" >"$tmp/$3.our"
    if [ -s "$tmp/$3.ref" ] && cmp -s "$tmp/$3.ref" "$tmp/$3.our"; then
        ok 0 "$3: xorriso reports the same boot entries and partitions on both images ($(grep -c . "$tmp/$3.ref") lines)"
    else
        diff "$tmp/$3.ref" "$tmp/$3.our" | sed 's/^/# /'
        ok 1 "$3: xorriso reports the same boot entries and partitions on both images"
    fi
}
# The four boots of a recipe; BIOS_CHECK is bios_ok (ISOLINUX) or bios_grub_ok.
# UEFI_HD_PATH is what GRUB's $cmdpath starts with when OVMF boots the disk.
boot4() { # NAME IMAGE BIOS_CHECK UEFI_HD_PATH
    if [ -z "$QEMU" ]; then
        for m in "BIOS CD" "BIOS disk" "UEFI CD" "UEFI disk"; do
            echo "ok $((_tap_n += 1)) # SKIP $1: boot as $m: qemu-system-x86 missing (tools/setup.sh installs it)"
        done
        return
    fi
    boot "$1-bios-cd" bios cd "$2"; $3 $? "$tmp/$1-bios-cd.log"; ok $? "$1: boots as BIOS CD"
    boot "$1-bios-hd" bios hd "$2"; $3 $? "$tmp/$1-bios-hd.log"; ok $? "$1: boots as BIOS disk"
    if [ ! -f $OVMF_CODE ]; then
        echo "ok $((_tap_n += 1)) # SKIP $1: boot as UEFI CD: OVMF missing (package ovmf)"
        echo "ok $((_tap_n += 1)) # SKIP $1: boot as UEFI disk: OVMF missing (package ovmf)"
        return
    fi
    boot "$1-uefi-cd" uefi cd "$2"; uefi_ok $? "$tmp/$1-uefi-cd.log" '(cd0)'; ok $? "$1: boots as UEFI CD"
    boot "$1-uefi-hd" uefi hd "$2"; uefi_ok $? "$tmp/$1-uefi-hd.log" "$4" && uefi_disk "$tmp/$1-uefi-hd.log"
    ok $? "$1: boots as UEFI disk (OVMF starts the hard disk, GRUB's \$cmdpath $4...)"
}

# ---- mkarchiso (archiso releng profile: bios.syslinux, uefi.systemd-boot) ----
t="$tmp/arch"
mkdir -p "$t/arch/x86_64" && boot_payload_isolinux "$t/boot/syslinux" && cp $ISOLINUX/isohdpfx.bin "$t/boot/syslinux/"
echo "a squashfs would be here" >"$t/arch/x86_64/airootfs.sfs"
archiso() { # XORRISO OUTPUT
    "$1" -no_rc -as mkisofs -iso-level 3 -full-iso9660-filenames -joliet -joliet-long -rational-rock \
        -volid ARCH_202311 -appid "Arch Linux Live/Rescue DVD" -publisher "Arch Linux <https://archlinux.org>" \
        -preparer "prepared by mkarchiso" -eltorito-boot boot/syslinux/isolinux.bin \
        -eltorito-catalog boot/syslinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
        -isohybrid-mbr "$t/boot/syslinux/isohdpfx.bin" --mbr-force-bootable -partition_offset 16 \
        -append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B "$esp" -isohybrid-gpt-basdat \
        -eltorito-alt-boot -e --interval:appended_partition_2:all:: -no-emul-boot -output "$2" "$t/" >"$tmp/log" 2>&1
}
archiso "$real_xorriso" "$tmp/x-arch.iso"; ok $? "mkarchiso: xorriso builds the reference"
PATH="$tmp/bin:$PATH" archiso xorriso "$tmp/arch.iso"
ok $? "mkarchiso: 'xorriso -no_rc -as mkisofs ...' through a symlink named xorriso builds ours"
same_report "$tmp/x-arch.iso" "$tmp/arch.iso" mkarchiso
boot4 mkarchiso "$tmp/arch.iso" bios_ok '('

# ---- Debian live-build 1:20230502 (syslinux + grub-efi, iso-hybrid) ----
t="$tmp/lb"
mkdir -p "$t/boot/grub" "$t/live" "$t/.disk" && boot_payload_isolinux "$t/isolinux" && cp "$esp" "$t/boot/grub/efi.img"
echo "Debian GNU/Linux 12" >"$t/.disk/info"
echo "a squashfs would be here" >"$t/live/filesystem.squashfs"
livebuild() { # XORRISO OUTPUT
    (cd "$tmp" && "$1" -as mkisofs -R -r -J -joliet-long -l -cache-inodes -iso-level 3 \
        -isohybrid-mbr $ISOLINUX/isohdpfx.bin -partition_offset 16 -A "Debian Live" \
        -p "live-build 1:20230502; https://salsa.debian.org/live-team/live-build" \
        -publisher "Debian Live project; https://wiki.debian.org/DebianLive; debian-live@lists.debian.org" \
        -V "Debian bookworm 20231114-22:13" --modification-date=2023111422131300 -b isolinux/isolinux.bin \
        -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table -eltorito-alt-boot \
        -e boot/grub/efi.img -no-emul-boot -isohybrid-gpt-basdat -isohybrid-apm-hfsplus -o "$2" lb) >"$tmp/log" 2>&1
}
livebuild "$real_xorriso" "$tmp/x-lb.iso"; ok $? "live-build: xorriso builds the reference"
PATH="$tmp/bin:$PATH" livebuild xorriso "$tmp/lb.iso"
ok $? "live-build: 'xorriso -as mkisofs ...' (binary.sh) through the symlink builds ours"
same_report "$tmp/x-lb.iso" "$tmp/lb.iso" live-build
boot_report "$tmp/lb.iso" | grep -q "^APM partition name : 1 EFI" && \
    [ "$(dd if="$tmp/lb.iso" bs=1 count=4 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 45520800 ]
ok $? "live-build: -isohybrid-apm-hfsplus: the APM head (ER, block size 2048) replaces isohdpfx's no-op code"
boot4 live-build "$tmp/lb.iso" bios_ok '('

# ---- Ubuntu desktop, as xorriso -report_el_torito as_mkisofs shows it ----
t="$tmp/ub"
mkdir -p "$t/boot/grub/i386-pc" "$t/casper" && cp "$tmp/eltorito.img" "$t/boot/grub/i386-pc/eltorito.img"
cp "$tmp/grub-bios.cfg" "$t/boot/grub/grub.cfg"
echo "a squashfs would be here" >"$t/casper/filesystem.squashfs"
"$real_xorriso" -as mkisofs -r -V 'Ubuntu 24.04 LTS amd64' --modification-date=2024042423065100 \
    --grub2-mbr $GRUB_PC/boot_hybrid.img --protective-msdos-label -partition_cyl_align off -partition_offset 16 \
    --mbr-force-bootable -append_partition 2 28732ac11ff8d211ba4b00a0c93ec93b "$esp" -appended_part_as_gpt \
    -iso_mbr_part_type a2a0d0ebe5b9334487c068b6b72699c7 -c /boot.catalog -b /boot/grub/i386-pc/eltorito.img \
    -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info -eltorito-alt-boot \
    -e --interval:appended_partition_2:all:: -no-emul-boot -o "$tmp/x-ub.iso" "$t" >"$tmp/log" 2>&1
ok $? "ubuntu: xorriso builds the reference (the options of Ubuntu's desktop ISO)"
"$real_xorriso" -indev "$tmp/x-ub.iso" -report_el_torito as_mkisofs 2>/dev/null >"$tmp/ub.opts"
grep -q "^--grub2-mbr --interval:local_fs:0s-15s:zero_mbrpt,zero_gpt:" "$tmp/ub.opts" && \
    grep -q "^-e '--interval:appended_partition_2_start_" "$tmp/ub.opts" && grep -q "^-partition_hd_cyl 64" "$tmp/ub.opts"
ok $? "ubuntu: as_mkisofs gives the system area and the ESP as intervals of the reference image"
eval "set -- $(tr '\n' ' ' <"$tmp/ub.opts")"
"$dw" -as mkisofs "$@" -r -o "$tmp/ub.iso" "$t" >"$tmp/log" 2>&1
ok $? "ubuntu: 'discwright -as mkisofs' with that option list builds ours"
same_report "$tmp/x-ub.iso" "$tmp/ub.iso" ubuntu
cmp -s -n 432 "$tmp/ub.iso" "$tmp/x-ub.iso" && boot_report "$tmp/ub.iso" | grep -q "^MBR partition : 2 0x80 0x00 0 1$"
ok $? "ubuntu: boot_hybrid.img code from the interval; --mbr-force-bootable's one-sector bootable entry"
[ "$(dd if="$tmp/ub.iso" bs=1 skip=33581 count=16 2>/dev/null)" = 2024042423065100 ] && \
    [ "$(dd if="$tmp/ub.iso" bs=1 skip=33598 count=16 2>/dev/null)" = 2024042423065100 ]
ok $? "ubuntu: --modification-date: PVD creation and modification dates 2024042423065100 (GRUB's fs-uuid)"
boot4 ubuntu "$tmp/ub.iso" bios_grub_ok '(hd0)'

# ---- Fedora lorax (boot.iso: GRUB 2 for BIOS, appended ESP) ----
t="$tmp/fc"
mkdir -p "$t/images/pxeboot" "$t/EFI/BOOT" "$t/boot/grub2"
cp "$tmp/eltorito2.img" "$t/images/eltorito.img" && cp "$tmp/grub-bios.cfg" "$t/boot/grub2/grub.cfg"
cp "$esp" "$t/images/efiboot.img" && cp "$tmp/bootx64.efi" "$t/EFI/BOOT/BOOTX64.EFI"
echo "1700000000.0" >"$t/.discinfo"; echo "stage2" >"$t/images/install.img"; echo "kernel" >"$t/images/pxeboot/vmlinuz"
lorax() { # XORRISOFS OUTPUT
    (cd "$tmp" && "$1" -o "$2" -R -J -V 'Fedora-E-dvd-x86_64-39' --grub2-mbr $GRUB_PC/boot_hybrid.img \
        -partition_offset 16 -appended_part_as_gpt \
        -append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B fc/images/efiboot.img \
        -iso_mbr_part_type EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 -c boot.cat --boot-catalog-hide \
        -b images/eltorito.img -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info -eltorito-alt-boot \
        -e '--interval:appended_partition_2:all::' -no-emul-boot -graft-points .discinfo=fc/.discinfo \
        images/install.img=fc/images/install.img images/pxeboot=fc/images/pxeboot EFI/BOOT=fc/EFI/BOOT \
        images/efiboot.img=fc/images/efiboot.img images/eltorito.img=fc/images/eltorito.img \
        boot/grub2=fc/boot/grub2) >"$tmp/log" 2>&1
}
lorax "$(command -v xorrisofs)" "$tmp/x-fc.iso"; ok $? "lorax: xorrisofs builds the reference"
PATH="$tmp/bin:$PATH" lorax xorrisofs "$tmp/fc.iso"; ok $? "lorax: 'xorrisofs ...' through a symlink named xorrisofs builds ours"
same_report "$tmp/x-fc.iso" "$tmp/fc.iso" lorax
boot_report "$tmp/fc.iso" | grep -q "^MBR partition : 1 0x00 0xee 1 " && \
    ! boot_report "$tmp/fc.iso" | grep -q "^El Torito cat path"
ok $? "lorax: protective 0xEE MBR (no bootable flag without --mbr-force-bootable), hidden boot catalog"
boot4 lorax "$tmp/fc.iso" bios_grub_ok '(hd0)'

# ---- grub-mkrescue itself, with --xorriso=discwright ----
# grub-mkrescue probes `-as mkisofs -help` for "grub2-boot-info", then
# passes -hfsplus (x86_64-efi present), --efi-boot, -efi-boot-part
# --efi-boot-image, --grub2-mbr, --protective-msdos-label, --sort-weight
# and --modification-date, which its EFI image searches as the fs UUID.
t="$tmp/gm"
mkdir -p "$t/boot/grub"
printf '%s\n' 'serial --unit=0 --speed=115200' 'terminal_output serial' \
    'if [ "$grub_platform" = efi ]; then echo "DWBOOT-UEFI-OK cmdpath=$cmdpath"; else echo "DWBOOT-BIOS-OK root=$root"; fi' \
    halt >"$t/boot/grub/grub.cfg"
if ! command -v grub-mkrescue >/dev/null 2>&1 || ! command -v mformat >/dev/null 2>&1; then
    for i in 1 2 3 4 5 6 7; do echo "ok $((_tap_n += 1)) # SKIP grub-mkrescue or mformat missing (grub-common, mtools)"; done
else
    grub-mkrescue -o "$tmp/x-gm.iso" "$t" >"$tmp/log" 2>&1; ok $? "grub-mkrescue: with xorriso, the reference"
    grub-mkrescue --xorriso="$dw" -o "$tmp/gm.iso" "$t" >"$tmp/log" 2>&1
    ok $? "grub-mkrescue --xorriso=discwright builds ours"
    same_report "$tmp/x-gm.iso" "$tmp/gm.iso" grub-mkrescue
    # The HFS+ volume GRUB's Apple path and Macs read: 7-Zip and GRUB's own driver.
    set -- $(boot_report "$tmp/gm.iso" | awk '/^APM partition name : [0-9] HFSPLUS_Hybrid/ { n = $5 } /^APM start and size/ && $6 == n { print $7, $8 }')
    dd if="$tmp/gm.iso" of="$tmp/hfs.img" bs=2048 skip="${1:-0}" count="${2:-0}" 2>/dev/null
    mkdir "$tmp/gm-iso" "$tmp/gm-hfs"
    bsdtar -xf "$tmp/gm.iso" -C "$tmp/gm-iso" 2>/dev/null && rm -f "$tmp/gm-iso/efi.img" "$tmp/gm-iso/boot.catalog" && \
        7z x -thfs -o"$tmp/gm-hfs" "$tmp/hfs.img" >/dev/null 2>&1 && diff -r "$tmp/gm-iso" "$tmp/gm-hfs"/* >/dev/null && \
        grub-fstest "$tmp/hfs.img" cmp '(loop0)/boot/grub/grub.cfg' "$t/boot/grub/grub.cfg" >/dev/null 2>&1
    ok $? "grub-mkrescue: the HFS+ volume holds the ISO's files (7z -thfs extracts them, GRUB's HFS+ driver finds grub.cfg)"
    boot4 grub-mkrescue "$tmp/gm.iso" bios_grub_ok '(hd0'
fi

done_testing
