#!/bin/sh
# bench_catalog.sh: the catalog at scale (not a test: `make bench`,
# `make bench-catalog`).  Generates a catalog of BENCH_CATALOG_DISCS
# discs (default 100,000) with 20 files each (2,000,000 files), then
# prints: word and id searches (in the library and as a whole
# `discwright catalog search` command), adding one disc (its own
# transaction), and a fixity run's peak memory over 20,000 and 200,000
# files (flat: it pages through the files).  BENCH_CATALOG_FULL=1 also
# verifies all of them.
set -eu
bench=${1:?usage: bench_catalog.sh PATH-TO-bench_catalog PATH-TO-discwright [DISCS] [FILES]}
dw=${2:?}
discs=${3:-100000}
files=${4:-20}
# A libtool wrapper script costs more than the command: time the binary.
case $dw in */*) d=$(dirname "$dw") ;; *) d=. ;; esac
if [ -x "$d/.libs/$(basename "$dw")" ] && head -c 2 "$dw" | grep -q '#!'; then
    LD_LIBRARY_PATH="$d/../.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export LD_LIBRARY_PATH
    dw="$d/.libs/$(basename "$dw")"
fi
work=$(mktemp -d /tmp/dwcatbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cat=$work/catalog.sqlite
lib=$work/lib

echo "== catalog: $discs discs x $files files" >&2
"$bench" generate "$cat" "$lib" "$discs" "$files" >&2
echo "catalog file: $(du -m "$cat" | cut -f1) MB" >&2
"$bench" search "$cat" symphony 20 >&2
"$bench" search "$cat" "midnight river" 20 >&2
"$bench" search "$cat" BENCH_0077777 20 >&2
cddb=$(printf '%08x' $(( (5000 * 2654435761) % 4294967296 )))
"$bench" search "$cat" "$cddb" 20 >&2
sha=$(sha1sum "$lib/d07/f003.bin" | cut -c1-40)
"$bench" search "$cat" "$sha" 5 >&2

# cmd NAME ARGS...: best of five wall times of a whole discwright command.
cmd() {
    name=$1
    shift
    best=
    for i in 1 2 3 4 5; do
        t0=$(date +%s%N)
        "$dw" -q "$@" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        t=$(( (t1 - t0) / 1000 ))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    printf '%-44s best %7.2f ms (whole process)\n' "$name" "$(echo "$best / 1000" | bc -l)" >&2
}
cmd "discwright catalog search symphony" catalog -C "$cat" search symphony --limit 100
cmd "discwright catalog search BENCH_0077777" catalog -C "$cat" search BENCH_0077777
cmd "discwright catalog info (open + counts)" catalog -C "$cat" info
"$bench" add "$cat" "$lib" 20 >&2

# Fixity: peak RSS over 20,000 and 200,000 files.
verify() {   # verify LABEL ARGS...
    label=$1
    shift
    /usr/bin/time -o "$work/time" -f '%M %e' "$dw" -q catalog -C "$cat" verify "$@" >/dev/null 2>&1 || true
    out=$(tail -n 1 "$work/time")
    printf 'catalog verify %-17s peak RSS %7s KiB, %7s s\n' "$label" "${out% *}" "${out#* }" >&2
}
verify "--limit 20000" --limit 20000
verify "--limit 200000" --limit 200000
if [ "${BENCH_CATALOG_FULL:-0}" = 1 ]; then
    verify "(every file)"
fi
