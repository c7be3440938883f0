#!/bin/sh
# doc_man.sh: the manual pages and the bash completion agree with the
# command table that --help shows, and read cleanly.
# - every command `discwright --help` lists has its page
#   doc/discwright-COMMAND.1 in the build (so doc/local.mk lists it and
#   `make install` installs it), equal to `discwright --man=COMMAND`;
# - every page (and discwright-gtk.1) formats without a warning from
#   `man --warnings` at 80 and 60 columns, with its NAME line;
# - bash completion, run in bash, offers every command at the top and,
#   for each command, exactly the options its `help` lists (hidden
#   options nowhere), and commands after `help`.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
comp="$top_builddir/doc/completion/discwright"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

commands=$("$dw" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }')
[ -n "$commands" ]
ok $? "discwright --help lists commands: $(echo $commands)"

# --- manual pages ------------------------------------------------------------
have_man=yes
command -v man >/dev/null 2>&1 || have_man=no
man_check() { # PAGE NAME
    if [ $have_man = no ]; then ok 0 "# SKIP man (man-db) missing"; return; fi
    for w in 80 60; do
        MANWIDTH=$w LC_ALL=C.UTF-8 man --warnings=w -l "$1" >"$tmp/out" 2>"$tmp/warn"
        [ $? = 0 ] && [ ! -s "$tmp/warn" ] || { sed 's/^/#   /' "$tmp/warn"; return 1; }
    done
    sed -n "/^NAME/,/^$/p" "$tmp/out" | grep -q "^ *$2  *- "
}
missing=
for c in $commands; do
    page="$top_builddir/doc/discwright-$c.1"
    if [ ! -f "$page" ]; then missing="$missing $c"; continue; fi
    "$dw" --man="$c" | cmp -s - "$page"
    ok $? "discwright-$c.1 is the built page (discwright --man=$c)"
    man_check "$page" "discwright-$c"
    ok $? "discwright-$c.1: man --warnings is silent, NAME says discwright-$c"
done
[ -z "$missing" ]
ok $? "a page for every command (doc/local.mk DW_COMMAND_PAGES lacks:${missing:- nothing})"
man_check "$top_builddir/doc/discwright.1" discwright
ok $? "discwright.1: man --warnings is silent"
for c in $commands; do
    grep -q "discwright\\\\-$c (1)" "$top_builddir/doc/discwright.1" || { echo "# discwright.1 lacks discwright-$c(1)"; false; }
done
ok $? "discwright.1 refers to every command's page"
man_check "$top_srcdir/doc/discwright-gtk.1" discwright-gtk
ok $? "discwright-gtk.1: man --warnings is silent"
"$dw" --man=nosuch >/dev/null 2>&1
[ $? = 2 ]
ok $? "--man=nosuch is a usage error"

# --- bash completion ---------------------------------------------------------
if ! command -v bash >/dev/null 2>&1; then
    skip_all "bash missing"
fi
"$dw" --bash-completion | cmp -s - "$comp"
ok $? "the installed completion is the built one"
# complete WORDS...: what the completion offers for the last word
complete_words() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _discwright; printf "%s\n" "${COMPREPLY[@]}"' \
        bash "$comp" "$@" | sort -u
}
top=$(complete_words discwright "")
for c in $commands; do
    printf '%s\n' "$top" | grep -qx "$c" || { echo "# top level lacks $c"; false; }
done
ok $? "top level offers every command"
printf '%s\n' "$top" | grep -qx -- "--man" && printf '%s\n' "$top" | grep -qx -- "--bash-completion"
ok $? "top level offers --man and --bash-completion"
bad=
for c in $commands; do
    if [ "$c" = mkisofs ]; then
        # its own parser: every spelling of its option table, as help lists
        # them ("  -f, -follow-links    Store ..."; "--name=VALUE" completes as "--name=")
        want=$("$dw" help mkisofs | sed -n '/^Options:/,$p' | grep '^  -' | sed -E 's/^  //; s/  .*//' |
            sed 's/, /\n/g' | grep '^-' | sed -E 's/ .*//; s/=.*/=/' | sort -u)
        got=$(complete_words discwright mkisofs -)
    else
        want=$("$dw" help "$c" | sed -n '/^Options:/,$p' | grep -o -- '--[a-z0-9-]*' | sort -u)
        got=$(complete_words discwright "$c" --)
    fi
    if [ "$want" != "$got" ]; then
        bad="$bad $c"
        diag "$c: help lists: $(echo $want)"
        diag "$c: completion: $(echo $got)"
    fi
done
[ -z "$bad" ]
ok $? "each command completes exactly the options its help lists (differ:${bad:- none})"
complete_words discwright rip -- | grep -qx -- --block
[ $? = 1 ] && ! "$dw" help rip | grep -q -- --block && ! grep -q -- '--block' "$top_builddir/doc/discwright-rip.1"
ok $? "a hidden option (rip --block) is in neither help, completion nor the page"
complete_words discwright help r | grep -qx rip
ok $? "help completes command names"
done_testing
