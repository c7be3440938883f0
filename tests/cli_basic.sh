#!/bin/sh
# cli_basic.sh: the command-line frame — help, version, usage errors and
# their exit code, the man page, the bash completion, JSON error events.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$dw" --help >"$tmp/help" 2>&1; ok $? "--help exits 0"
for c in drives info help; do
    grep -q "^  $c " "$tmp/help"; ok $? "--help lists $c"
done
grep -q "130" "$tmp/help"; ok $? "--help shows the exit-code table"
"$dw" --version | grep -q '^discwright [0-9]'; ok $? "--version prints the version"

"$dw" >/dev/null 2>&1; test $? -eq 2; ok $? "no command: exit 2"
"$dw" frobnicate >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 2 && grep -q "unknown command 'frobnicate'" "$tmp/err"; ok $? "unknown command: exit 2 and named"
"$dw" info >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 2 && grep -q "info expects SOURCE" "$tmp/err"; ok $? "missing argument: exit 2"
"$dw" info a b >/dev/null 2>&1; test $? -eq 2; ok $? "extra argument: exit 2"
"$dw" info --no-such-option x >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 2 && grep -q "no-such-option" "$tmp/err"; ok $? "unknown option: exit 2, named"
"$dw" drives --quiet --verbose >/dev/null 2>&1; test $? -eq 2; ok $? "--quiet with --verbose: exit 2"
"$dw" info --help | grep -q "^Usage: discwright info"; ok $? "info --help"
"$dw" help info | grep -q "^Usage: discwright info"; ok $? "help info"
"$dw" help nope >/dev/null 2>&1; test $? -eq 2; ok $? "help of an unknown command: exit 2"

# JSON: errors are events on stdout, human text on stderr.
"$dw" --json info "$tmp/missing.iso" >"$tmp/out" 2>"$tmp/err"; rc=$?
test $rc -eq 4; ok $? "missing source: exit 4 (no device) [$rc]"
grep -q "missing.iso" "$tmp/err"; ok $? "missing source named on stderr"
python3 - "$tmp/out" <<'PY'; ok $? "--json: start and error events, one per line"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert [e["event"] for e in ev] == ["start", "error"], ev
assert ev[1]["exit_code"] == 4 and "missing.iso" in ev[1]["message"]
assert ev[0]["command"] == "info"
PY

# The man page: troff that groff accepts, with every command and exit code.
"$dw" --man >"$tmp/dw.1"; ok $? "--man exits 0"
grep -q '^\.TH DISCWRIGHT 1' "$tmp/dw.1" && grep -q '^\.SH "EXIT STATUS"' "$tmp/dw.1" \
  && grep -q '^\.B info \\fISOURCE' "$tmp/dw.1" && grep -q 'discwright\\-info\\fR(1)' "$tmp/dw.1" \
  && grep -q '^\.B 130' "$tmp/dw.1"
ok $? "man page has title, commands and exit status"
if command -v groff >/dev/null 2>&1; then
    groff -man -Tutf8 -ww -z "$tmp/dw.1" 2>"$tmp/groff.err"; test $? -eq 0 && ! test -s "$tmp/groff.err"
    ok $? "groff renders the man page without warnings"
else
    echo "ok - # SKIP groff not installed"
fi

# Bash completion: source it and ask for completions.
"$dw" --bash-completion >"$tmp/comp"; ok $? "--bash-completion exits 0"
if command -v bash >/dev/null 2>&1; then
    out=$(bash -c '. "$1"; COMP_WORDS=(discwright i); COMP_CWORD=1; _discwright; echo "${COMPREPLY[*]}"' _ "$tmp/comp")
    test "$out" = "info"; ok $? "completes 'discwright i' to info [$out]"
    out=$(bash -c '. "$1"; COMP_WORDS=(discwright info --js); COMP_CWORD=2; _discwright; echo "${COMPREPLY[*]}"' _ "$tmp/comp")
    test "$out" = "--json"; ok $? "completes 'info --js' to --json [$out]"
    out=$(bash -c '. "$1"; COMP_WORDS=(discwright help d); COMP_CWORD=2; _discwright; echo "${COMPREPLY[*]}"' _ "$tmp/comp")
    test "$out" = "drives"; ok $? "completes 'help d' to drives [$out]"
fi
done_testing
