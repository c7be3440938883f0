#!/bin/sh
# bench_recorder.sh: burning into the virtual recorder's speed model, as a
# drive paces it: a DVD-R at 16x (10,824 blocks/s) with 2 ms a command,
# the writes going through a 4 MiB drive buffer the medium drains.  The
# same ISO burnt by discwright and by xorriso -as cdrecord (both libburn);
# a CD-R at 48x the same way, plus cdrdao write (CD only) of the same
# data track.  For each: the write phase the recorder measures (first
# WRITE until the medium holds everything: how well the writer keeps the
# drive fed) and the whole command's wall time (libburn's own grab,
# synchronise and release waits included), each as a ratio to the
# model's pure transfer time, and discwright against the others.
# Not a test: `make bench` (BENCH_REC_MIB= the DVD image size, default
# 512; the CD image is a quarter of it, at most 600 MiB).
set -eu
top=${1:?usage: bench_recorder.sh TOP_BUILDDIR [MiB]}
mib=${2:-512}
dw="$top/cli/discwright"
vd="$top/tests/vdrive/dw-vdrive"
command -v xorriso >/dev/null 2>&1 || { echo "bench_recorder: xorriso not installed (tools/setup.sh)"; exit 0; }
[ -x "$vd" ] || { echo "bench_recorder: $vd not built (make check builds it)"; exit 0; }
dir=$(mktemp -d /tmp/dwrecbench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
export DW_VDRIVE_CMD_MS=2

mkiso() {
    mkdir "$dir/tree"
    head -c $(($2 * 1024 * 1024)) /dev/urandom >"$dir/tree/payload.bin"
    xorriso -as mkisofs -quiet -R -o "$1" "$dir/tree" 2>/dev/null
    rm -rf "$dir/tree"
}

# run NAME MEDIUM SPEED CMD...: a fresh medium; prints the write phase and
# the wall time (seconds) as "phase wall".
run() {
    name=$1 medium=$2 speed=$3
    shift 3
    rm -rf "$dir/disc" "$dir/log"
    mkdir "$dir/disc"
    t0=$(date +%s.%N)
    "$vd" --medium "$medium" --disc "$dir/disc" --speed "$speed" --log "$dir/log" -- "$@" >"$dir/out" 2>&1 ||
        { echo "bench_recorder: $name failed:" >&2; tail -n 5 "$dir/out" >&2; exit 1; }
    t1=$(date +%s.%N)
    phase=$(sed -n 's/^recorder: write phase [0-9]* blocks in \([0-9.]*\) s.*/\1/p' "$dir/log" | tail -n 1)
    echo "${phase:-0} $(echo "$t1 - $t0" | bc)"
}

ratio() { echo "scale=3; $1 / $2" | bc; }

report() {
    label=$1 pure=$2 res=$3
    set -- $res
    printf '  %-34s write phase %8.2f s (%s x)   whole command %8.2f s (%s x)\n' "$label" "$1" "$(ratio "$1" "$pure")" \
        "$2" "$(ratio "$2" "$pure")"
}

# --- DVD-R 16x ---------------------------------------------------------------------
mkiso "$dir/dvd.iso" "$mib"
blocks=$(($(stat -c %s "$dir/dvd.iso") / 2048))
pure=$(echo "scale=3; $blocks / (676.5 * 16)" | bc)
echo "bench_recorder: DVD-R 16x, 2 ms a command, $blocks blocks; the medium alone takes $pure s"
d=$(run discwright dvd-r 16 "$dw" burn "$dir/dvd.iso" --drive /dev/sr0)
x=$(run xorriso dvd-r 16 xorriso -as cdrecord dev=/dev/sr0 "$dir/dvd.iso")
report "discwright burn" "$pure" "$d"
report "xorriso -as cdrecord" "$pure" "$x"
echo "  discwright / xorriso: write phase $(ratio "${d% *}" "${x% *}"), whole command $(ratio "${d#* }" "${x#* }")"
rm -f "$dir/dvd.iso"

# --- CD-R 48x --------------------------------------------------------------------------
cmib=$((mib / 4))
[ "$cmib" -le 600 ] || cmib=600
mkiso "$dir/cd.iso" "$cmib"
blocks=$(($(stat -c %s "$dir/cd.iso") / 2048))
pure=$(echo "scale=3; $blocks / (75 * 48)" | bc)
printf 'TRACK MODE1\nDATAFILE "%s"\n' "$dir/cd.iso" >"$dir/cd.toc"
echo "bench_recorder: CD-R 48x, 2 ms a command, $blocks blocks; the medium alone takes $pure s"
d=$(run discwright cd-r 48 "$dw" burn "$dir/cd.iso" --drive /dev/sr0 --mode sao)
x=$(run xorriso cd-r 48 xorriso -as cdrecord dev=/dev/sr0 -sao -nopad "$dir/cd.iso")
report "discwright burn --mode sao" "$pure" "$d"
report "xorriso -as cdrecord -sao" "$pure" "$x"
if command -v cdrdao >/dev/null 2>&1; then
    c=$(run cdrdao cd-r 48 cdrdao write -n --device /dev/sr0 "$dir/cd.toc")
    report "cdrdao write" "$pure" "$c"
    echo "  discwright / cdrdao: write phase $(ratio "${d% *}" "${c% *}"), whole command $(ratio "${d#* }" "${c#* }")"
fi
echo "  discwright / xorriso: write phase $(ratio "${d% *}" "${x% *}"), whole command $(ratio "${d#* }" "${x#* }")"
