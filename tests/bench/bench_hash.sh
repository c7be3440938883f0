#!/bin/sh
# bench_hash.sh: CRC32+MD5+SHA-1+SHA-256 of one file in one pass
# (discwright) against md5sum, sha1sum and sha256sum run one after the
# other, and against sha1sum alone, on the same page-cache-warm file.
# Prints times, peak RSS and ratios.  Not a test: `make bench`.
set -eu
dwhash=${1:?usage: bench_hash.sh PATH-TO-dwhash [SIZE-MiB]}
mib=${2:-1024}
file=$(mktemp /tmp/dwbench.XXXXXX)
trap 'rm -f "$file"' EXIT
head -c $((mib * 1024 * 1024)) /dev/urandom >"$file"
cat "$file" >/dev/null   # warm the page cache

# run NAME CMD...: best of three wall times, and peak RSS (KiB).
run() {
    name=$1; shift
    best=
    for i in 1 2 3; do
        t0=$(date +%s.%N)
        "$@" >/dev/null
        t1=$(date +%s.%N)
        t=$(echo "$t1 - $t0" | bc)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    done
    rss=-
    if [ -x /usr/bin/time ]; then
        rss=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1)
    fi
    printf '%-34s %8.2f s  %8s KiB peak RSS\n' "$name" "$best" "$rss" >&2
    echo "$best"
}

printf 'file: %d MiB\n' "$mib"
dw=$(run "discwright (4 hashes, 1 pass)" "$dwhash" "$file" | tail -n 1)
seq=$(run "md5sum; sha1sum; sha256sum" sh -c 'md5sum "$1"; sha1sum "$1"; sha256sum "$1"' _ "$file" | tail -n 1)
s1=$(run "sha1sum alone" sha1sum "$file" | tail -n 1)
printf 'ratio discwright / (md5sum;sha1sum;sha256sum): %.2f\n' "$(echo "$dw / $seq" | bc -l)"
printf 'ratio discwright / sha1sum alone:              %.2f\n' "$(echo "$dw / $s1" | bc -l)"
