# boot_lib.sh: what the bootable-image tests share (sourced after tap.sh,
# with $tmp set): boot payloads made at test time from Debian packages,
# QEMU runs under SeaBIOS and OVMF, and a reading of xorriso's boot
# reports that can be compared between two images.
#
#   boot_payload_isolinux DIR    isolinux.bin, ldlinux/libcom32/poweroff.c32
#                                and an isolinux.cfg that shows the prompt on
#                                serial and powers off (BIOS pass: banner,
#                                prompt, QEMU exit 0)
#   boot_payload_esp             $tmp/bootx64.efi (grub-mkstandalone printing
#                                "DWBOOT-UEFI-OK cmdpath=$cmdpath") and
#                                $tmp/esp.img, a 2 MiB FAT ESP holding it
#   boot_grub_cfg FILE           a grub.cfg that prints DWBOOT-BIOS-OK and halts
#   boot_payload_grub_bios OUT PREFIX
#                                GRUB's i386-pc-eltorito image with the
#                                modules the cfg needs built in (grub-pc-bin)
#   boot NAME bios|uefi cd|hd IMAGE   one QEMU run, serial to $tmp/NAME.log
#   bios_ok RC LOG / bios_grub_ok RC LOG / uefi_ok RC LOG CMDPATH
#   boot_report IMAGE            xorriso's El Torito and system area report,
#                                blanks squeezed
ISOLINUX=/usr/lib/ISOLINUX
SYSLINUX_MODS=/usr/lib/syslinux/modules/bios
GRUB_PC=/usr/lib/grub/i386-pc
QEMU=$(command -v qemu-system-x86_64)
OVMF_CODE=/usr/share/OVMF/OVMF_CODE.fd
OVMF_VARS=/usr/share/OVMF/OVMF_VARS.fd

# skip_all unless every tool and payload file the boot tests build with is there.
boot_need() {
    for t in xorriso mkfs.fat mcopy mmd grub-mkstandalone "$@"; do
        command -v "$t" >/dev/null 2>&1 || skip_all "$t missing (tools/setup.sh installs it)"
    done
    for f in $ISOLINUX/isolinux.bin $ISOLINUX/isohdpfx.bin $SYSLINUX_MODS/ldlinux.c32 $SYSLINUX_MODS/libcom32.c32 \
             $SYSLINUX_MODS/poweroff.c32; do
        [ -f $f ] || skip_all "$f missing (isolinux and syslinux-common; tools/setup.sh installs them)"
    done
    [ -d /usr/lib/grub/x86_64-efi ] || skip_all "grub-efi-amd64-bin missing (tools/setup.sh installs it)"
}

boot_payload_isolinux() {
    mkdir -p "$1"
    cp $ISOLINUX/isolinux.bin $SYSLINUX_MODS/ldlinux.c32 $SYSLINUX_MODS/libcom32.c32 $SYSLINUX_MODS/poweroff.c32 "$1/"
    chmod 644 "$1"/*
    printf 'SERIAL 0 115200\nDEFAULT off\nPROMPT 1\nTIMEOUT 1\nLABEL off\n  COM32 poweroff.c32\n' >"$1/isolinux.cfg"
}

boot_payload_esp() {
    printf 'serial --unit=0 --speed=115200\nterminal_output serial\necho "DWBOOT-UEFI-OK cmdpath=$cmdpath"\nhalt\n' \
        >"$tmp/grub-efi.cfg"
    grub-mkstandalone -O x86_64-efi --install-modules="normal configfile memdisk tar serial terminal echo halt" \
        --modules="serial terminal" --locales= --fonts= --themes= -o "$tmp/bootx64.efi" \
        "boot/grub/grub.cfg=$tmp/grub-efi.cfg" >/dev/null 2>&1 || return 1
    rm -f "$tmp/esp.img"
    mkfs.fat -C "$tmp/esp.img" 2048 >/dev/null && mmd -i "$tmp/esp.img" ::EFI ::EFI/BOOT &&
        mcopy -i "$tmp/esp.img" "$tmp/bootx64.efi" ::EFI/BOOT/BOOTX64.EFI
}

boot_grub_cfg() {
    printf 'serial --unit=0 --speed=115200\nterminal_output serial\necho "DWBOOT-BIOS-OK root=$root"\nhalt\n' >"$1"
}

boot_payload_grub_bios() {
    [ -f $GRUB_PC/boot_hybrid.img ] || return 1
    grub-mkimage -O i386-pc-eltorito -p "$2" -o "$1" biosdisk iso9660 normal configfile serial terminal echo halt \
        >/dev/null 2>&1
}

boot() { # NAME firmware(bios|uefi) media(cd|hd) IMAGE
    log="$tmp/$1.log"
    if [ $3 = cd ]; then drive="-drive file=$4,media=cdrom,readonly=on,if=ide -boot d"
    else drive="-drive file=$4,format=raw,if=ide,snapshot=on"; fi
    fw=
    if [ $2 = uefi ]; then
        cp $OVMF_VARS "$tmp/vars.fd"
        fw="-drive if=pflash,format=raw,unit=0,readonly=on,file=$OVMF_CODE -drive if=pflash,format=raw,unit=1,file=$tmp/vars.fd -no-reboot"
    fi
    # BIOS runs without -no-reboot: a crash would loop until the timeout,
    # so exit 0 means the payload powered the machine off.
    # shellcheck disable=SC2086
    timeout 180 "$QEMU" -M q35 -m 512 -display none -serial file:"$log" $fw $drive </dev/null >/dev/null 2>&1
}
bios_ok() { [ $1 = 0 ] && tr -d '\r' <"$2" | grep -q "^ISOLINUX " && tr -d '\r' <"$2" | grep -q "^boot:"; }
bios_grub_ok() { [ $1 = 0 ] && tr -d '\r' <"$2" | grep -aq "DWBOOT-BIOS-OK"; }
uefi_ok() { tr -d '\r' <"$2" | grep -aq "DWBOOT-UEFI-OK cmdpath=$3"; }
# OVMF booted the disk, not a CD (GRUB may still name it (cd0) when it
# came in through El Torito on the disk).
uefi_disk() { grep -aq 'starting Boot[0-9]* "UEFI QEMU HARDDISK' "$1"; }

boot_report() {
    xorriso -indev "$1" -report_el_torito plain -report_system_area plain 2>/dev/null | sed 's/  */ /g'
}

# DWB: the discwright binary itself, for links named xorriso or xorrisofs:
# libtool's wrapper script (cli/discwright in the build tree) would hide
# the name it is called by.  Exports LD_LIBRARY_PATH for it.
dw_binary() {
    if [ -x "$top_builddir/cli/.libs/discwright" ]; then
        LD_LIBRARY_PATH="$(cd "$top_builddir/.libs" && pwd)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
        export LD_LIBRARY_PATH
        DWB="$(cd "$top_builddir/cli/.libs" && pwd)/discwright"
    else
        DWB="$(cd "$(dirname "$dw")" && pwd)/$(basename "$dw")"
    fi
}
