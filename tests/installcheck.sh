#!/bin/sh
# installcheck.sh: what `make install` put where, run by `make
# installcheck` (distcheck runs it after installing).  The directories
# come from make (see doc/local.mk); DESTDIR may be set.  Checks the
# program and the library (an installed program runs; a program built
# against the installed headers and pkg-config file links and runs), the
# headers, the manual pages (one per command, readable by man), the bash
# completion, the documents, and with the GUI its binary, desktop file,
# metainfo, icon and settings schema.
set -u
root=${DESTDIR:-}
fail=0
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
has() { [ -e "$root$1" ]; ok $? "installed: $1"; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export LD_LIBRARY_PATH="$root$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

has "$bindir/discwright"
"$root$bindir/discwright" --version | grep -q '^discwright '
ok $? "the installed discwright runs"
ls "$root$libdir"/libdiscwright.so* >/dev/null 2>&1
ok $? "installed: $libdir/libdiscwright.so"
for h in "$top_srcdir"/include/discwright/*.h; do
    [ -f "$root$includedir/discwright/$(basename "$h")" ] || { echo "# missing header $(basename "$h")"; false; }
done
ok $? "installed: every public header in $includedir/discwright"
has "$pkgconfigdir/discwright.pc"
cat >"$tmp/t.c" <<'C'
#include <discwright/discwright.h>
#include <stdio.h>
int main(void)
{
    dw_job *job = dw_job_new();
    char buf[16];
    printf("%s\n", dw_frames_to_string(4500 + 75 + 1, buf, sizeof buf));
    dw_job_free(job);
    return 0;
}
C
pc=$(sed -e "s|^prefix=|prefix=$root|" "$root$pkgconfigdir/discwright.pc" >"$tmp/discwright.pc" &&
    PKG_CONFIG_PATH="$tmp" pkg-config --cflags --libs discwright 2>&1)
${CC:-cc} -o "$tmp/t" "$tmp/t.c" $pc >"$tmp/cc.out" 2>&1 && [ "$("$tmp/t")" = "01:01:01" ]
ok $? "a program built with pkg-config against the installed headers and library runs"
[ $? = 0 ] || sed 's/^/#   /' "$tmp/cc.out"

commands=$("$root$bindir/discwright" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }')
has "$mandir/man1/discwright.1"
for c in $commands; do
    [ -f "$root$mandir/man1/discwright-$c.1" ] || { echo "# missing discwright-$c.1"; false; }
done
ok $? "installed: discwright-COMMAND.1 for every command ($(echo $commands | wc -w))"
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man --warnings -l "$root$mandir/man1/discwright-rip.1" >/dev/null 2>"$tmp/w" && [ ! -s "$tmp/w" ]
    ok $? "man reads the installed discwright-rip.1"
fi
has "$bashcompdir/discwright"
bash -c ". '$root$bashcompdir/discwright' && complete -p discwright" >/dev/null 2>&1
ok $? "the installed completion registers with bash"
has "$docdir/exit-codes.md"
has "$docdir/architecture.md"
if [ "$gui" = yes ]; then
    has "$bindir/discwright-gtk"
    has "$mandir/man1/discwright-gtk.1"
    has "$datadir/applications/org.discwright.Discwright.desktop"
    has "$datadir/metainfo/org.discwright.Discwright.metainfo.xml"
    has "$datadir/icons/hicolor/scalable/apps/org.discwright.Discwright.svg"
    has "$datadir/glib-2.0/schemas/org.discwright.Discwright.gschema.xml"
fi
echo "1..$n"
exit $fail
