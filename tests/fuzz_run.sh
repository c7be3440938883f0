#!/bin/sh
# fuzz_run.sh: a short fuzz run of every parser's target (TAP).
# Each target runs over its corpus (seeds and regression fixtures) and
# then FUZZ_RUNS further inputs: mutated by the standalone driver in
# ordinary builds, coverage-guided by libFuzzer with --enable-fuzzing.
. "$top_srcdir/tests/tap.sh"
: "${FUZZ_RUNS:=20000}"
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
for t in $FUZZ_TARGETS; do
    bin="$top_builddir/tests/fuzz/fuzz_$t"
    corpus="$top_srcdir/tests/fuzz/corpus/$t"
    if [ ! -x "$bin" ]; then ok 1 "fuzz_$t: not built"; continue; fi
    if [ ! -d "$corpus" ]; then ok 1 "fuzz_$t: no corpus at $corpus"; continue; fi
    mkdir -p "$work/$t"
    log="$work/$t.log"
    if "$bin" -help=1 2>&1 | grep -q libFuzzer; then
        # libFuzzer: new inputs go to the scratch folder, never the source tree.
        (cd "$work" && "$bin" -runs="$FUZZ_RUNS" -seed=1 -max_len=65536 -rss_limit_mb=2048 \
            -print_final_stats=1 "$work/$t" "$corpus") >"$log" 2>&1
        rc=$?
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    else
        (cd "$work" && "$bin" -runs="$FUZZ_RUNS" -seed=1 "$corpus") >"$log" 2>&1
        rc=$?
        execs=$(sed -n 's/^standalone: \([0-9]*\) corpus inputs, \([0-9]*\) mutated.*/\1 + \2/p' "$log")
    fi
    if [ "$rc" -ne 0 ]; then
        sed 's/^/# /' "$log" | tail -n 40
        for c in "$work"/crash-*; do [ -f "$c" ] && diag "crashing input: $(od -An -c "$c" | head -c 400)"; done
    fi
    ok "$rc" "fuzz_$t: ${execs:-?} executions"
done
done_testing
