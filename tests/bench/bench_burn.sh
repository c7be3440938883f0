#!/bin/sh
# bench_burn.sh: the same ISO burned to a stdio: file by discwright and by
# xorriso (libburn both): wall time (best of three), throughput and peak
# RSS, printed with ratios.  discwright fsyncs once at the end; xorriso
# is run with its default (an fsync every 16 MiB) and with -as cdrecord's
# stdio_sync=end, so the difference in sync rhythm is visible rather than
# hidden.  xorriso pads its track to 32 KiB; only the image's bytes are
# compared.  Not a test: `make bench` (BENCH_MIB= to change the size).
set -eu
dw=${1:?usage: bench_burn.sh PATH-TO-discwright [SIZE-MiB]}
mib=${2:-1024}
command -v xorriso >/dev/null 2>&1 || { echo "bench_burn: xorriso not installed (tools/setup.sh)"; exit 0; }
dir=$(mktemp -d /tmp/dwburnbench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tree"
head -c $((mib * 1024 * 1024)) /dev/urandom >"$dir/tree/payload.bin"
xorriso -as mkisofs -quiet -R -o "$dir/image.iso" "$dir/tree" 2>/dev/null
rm -rf "$dir/tree"
cat "$dir/image.iso" >/dev/null   # warm the page cache
size=$(stat -c %s "$dir/image.iso")

# run NAME CMD...: best of three wall times (the target removed before each
# run and the written data synced out of the timing), then peak RSS (KiB).
run() {
    name=$1; shift
    best=
    for i in 1 2 3; do
        rm -f "$dir/out.iso"; sync
        t0=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        t1=$(date +%s.%N)
        cmp -s -n "$size" "$dir/image.iso" "$dir/out.iso" || { echo "bench_burn: $name wrote different bytes" >&2; exit 1; }
        t=$(echo "$t1 - $t0" | bc)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    done
    rss=-
    if [ -x /usr/bin/time ]; then
        rm -f "$dir/out.iso"
        rss=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1)
    fi
    printf '%-44s %7.2f s %8.1f MB/s %8s KiB peak RSS\n' "$name" "$best" \
        "$(echo "$size / $best / 1000000" | bc -l)" "$rss" >&2
    echo "$best"
}

printf 'image: %d MiB ISO, stdio: target in %s\n' "$mib" "$dir" >&2
d=$(run "discwright burn (fsync at end)" "$dw" burn "$dir/image.iso" --drive "stdio:$dir/out.iso" | tail -n 1)
d16=$(run "discwright burn --fsync 8192 (every 16 MiB)" "$dw" burn "$dir/image.iso" --drive "stdio:$dir/out.iso" --fsync 8192 | tail -n 1)
x=$(run "xorriso -as cdrecord (default fsync)" xorriso -as cdrecord dev="stdio:$dir/out.iso" -nopad "$dir/image.iso" | tail -n 1)
xe=$(run "xorriso -as cdrecord stdio_sync=end" xorriso -as cdrecord dev="stdio:$dir/out.iso" -nopad stdio_sync=end "$dir/image.iso" | tail -n 1)
printf 'throughput ratio discwright / xorriso (default):          %.2f\n' "$(echo "$x / $d" | bc -l)"
printf 'throughput ratio discwright / xorriso (both sync at end): %.2f\n' "$(echo "$xe / $d" | bc -l)"
printf 'throughput ratio discwright / xorriso (both every 16 MiB): %.2f\n' "$(echo "$x / $d16" | bc -l)"
