# tap.sh: helpers for shell tests that print TAP (sourced, not run).
# Use: plan N; ok COND "description"; skip_all "why" (exit 77 semantics
# are expressed as TAP "1..0 # SKIP why").
_tap_n=0
_tap_failed=0
plan() { echo "1..$1"; }
ok() {
    _tap_n=$((_tap_n + 1))
    if [ "$1" = 0 ]; then echo "ok $_tap_n - $2"; else echo "not ok $_tap_n - $2"; _tap_failed=1; fi
}
# check "description" command args...: runs the command, ok when it exits 0
check() {
    _d=$1; shift
    if "$@"; then ok 0 "$_d"; else ok 1 "$_d"; fi
}
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
diag() { echo "# $*"; }
done_testing() { echo "1..$_tap_n"; exit $_tap_failed; }
