#!/bin/sh
# test.sh: set everything up and run the whole test suite.
#   tools/test.sh [--sanitizers] [--distcheck] [--fuzzing]
# Installs the dependencies (tools/setup.sh), builds out of tree in
# build/ (build-asan/, build-fuzz/ for the variants) with warnings as
# errors, runs `make check`, and ends with the line "N passed, N failed,
# N skipped" counted from the test drivers' .trs results.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

sanitizers=no
distcheck=no
fuzzing=no
for a in "$@"; do
    case $a in
    --sanitizers) sanitizers=yes ;;
    --distcheck) distcheck=yes ;;
    --fuzzing) fuzzing=yes ;;
    *) echo "usage: $0 [--sanitizers] [--distcheck] [--fuzzing]" >&2; exit 2 ;;
    esac
done

sh tools/setup.sh || exit 1
[ -x configure ] && [ configure -nt configure.ac ] || ./autogen.sh || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
status=0

# run_suite DIR CONFIGURE-ARGS...: build in DIR and run make check there.
run_suite() {
    dir=$1; shift
    echo "=== $dir: configure $*"
    mkdir -p "$dir" && cd "$dir" || return 1
    "$top/configure" --enable-werror "$@" >configure.out 2>&1 || { cat configure.out; cd "$top"; return 1; }
    make -j"$jobs" >make.out 2>&1 || { tail -n 60 make.out; cd "$top"; return 1; }
    make -j"$jobs" check || { for f in $(grep -l -E ':test-result: (FAIL|ERROR|XPASS)' $(find . -name '*.trs')); do
            echo "--- ${f%.trs}.log"; tail -n 60 "${f%.trs}.log"; done; cd "$top"; return 1; }
    cd "$top"
}

run_suite build || status=1
if [ "$sanitizers" = yes ]; then
    run_suite build-asan --enable-sanitizers --disable-gui || status=1
fi
if [ "$fuzzing" = yes ]; then
    run_suite build-fuzz CC=clang --enable-fuzzing --enable-sanitizers --disable-gui || status=1
fi
if [ "$distcheck" = yes ]; then
    echo "=== distcheck"
    (cd build && make -j"$jobs" distcheck >distcheck.out 2>&1) || { tail -n 80 build/distcheck.out; status=1; }
    if [ "$status" = 0 ]; then echo "distcheck: ok"; fi
fi

# Count every test point from every suite that ran.
trs=$(find build build-asan build-fuzz -name '*.trs' -not -path '*/discwright-*' 2>/dev/null)
pass=0; fail=0; skip=0
if [ -n "$trs" ]; then
    pass=$(cat $trs | grep -c -E '^:test-result: (PASS|XFAIL)')
    fail=$(cat $trs | grep -c -E '^:test-result: (FAIL|XPASS|ERROR)')
    skip=$(cat $trs | grep -c -E '^:test-result: SKIP')
fi
if [ "$distcheck" = yes ]; then
    if grep -q 'archives ready for distribution' build/distcheck.out 2>/dev/null; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
    fi
fi
[ "$status" = 0 ] || [ "$fail" -gt 0 ] || fail=1
echo "$pass passed, $fail failed, $skip skipped"
exit $status
