#!/bin/sh
# bench_verify.sh: `discwright verify` of an image against its .hash
# sidecar (CRC32 + MD5 + SHA-1 + SHA-256 from one read) on a page-cache
# warm image, against `sha1sum` alone and against `md5sum; sha1sum;
# sha256sum` run one after another.  Prints times and ratios (goal:
# >= 0.9x the speed of sha1sum alone).  Not a test: `make bench`.
set -eu
dw=${1:?usage: bench_verify.sh PATH-TO-discwright PATH-TO-dwhash [SIZE-MiB]}
dwhash=${2:?usage: bench_verify.sh PATH-TO-discwright PATH-TO-dwhash [SIZE-MiB]}
mib=${3:-4096}
dir=$(mktemp -d /tmp/dwbenchv.XXXXXX)
trap 'rm -rf "$dir"' EXIT
img="$dir/bench.iso"
head -c $((mib * 1024 * 1024)) /dev/urandom >"$img"
cat "$img" >/dev/null   # warm the page cache
# The sidecar, from the library's own hasher (not timed).
size=$(wc -c <"$img")
"$dwhash" "$img" | {
    read -r crc md5 sha1 sha256 _
    printf '# discwright hashes 1\n# size crc32 md5 sha1 sha256 name\n%s %s %s %s %s bench.iso\n' \
        "$size" "$crc" "$md5" "$sha1" "$sha256"
} >"$dir/bench.hash"

# run NAME CMD...: best of two wall times.
run() {
    name=$1; shift
    best=
    for i in 1 2; do
        t0=$(date +%s.%N)
        "$@" >/dev/null
        t1=$(date +%s.%N)
        t=$(echo "$t1 - $t0" | bc)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    done
    printf '%-38s %8.2f s  %7.0f MiB/s\n' "$name" "$best" "$(echo "$mib / $best" | bc -l)" >&2
    echo "$best"
}

printf 'image: %d MiB, page cache warm\n' "$mib"
v=$(run "discwright verify (4 hashes, 1 read)" "$dw" verify --hashes "$dir/bench.iso" | tail -n 1)
s1=$(run "sha1sum alone" sha1sum "$img" | tail -n 1)
seq=$(run "md5sum; sha1sum; sha256sum" sh -c 'md5sum "$1"; sha1sum "$1"; sha256sum "$1"' _ "$img" | tail -n 1)
printf 'speed of verify relative to sha1sum alone:            %.2fx (goal >= 0.9x)\n' "$(echo "$s1 / $v" | bc -l)"
printf 'speed of verify relative to md5sum;sha1sum;sha256sum: %.2fx\n' "$(echo "$seq / $v" | bc -l)"
