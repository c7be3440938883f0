#!/bin/sh
# gui_desktop.sh: discwright-gtk's desktop integration files pass their
# validators (desktop-file-validate, appstreamcli validate, a strict
# schema compile), and --version / --help answer without a display.
. "$top_srcdir/tests/tap.sh"
data="$top_srcdir/gui/data"
app="$top_builddir/gui/discwright-gtk"
command -v desktop-file-validate >/dev/null 2>&1 || skip_all "desktop-file-validate is missing (desktop-file-utils)"
command -v appstreamcli >/dev/null 2>&1 || skip_all "appstreamcli is missing (appstream)"
command -v glib-compile-schemas >/dev/null 2>&1 || skip_all "glib-compile-schemas is missing (libglib2.0-bin)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# quiet CMD...: run CMD, showing its output as TAP comments only on failure.
quiet() {
    "$@" >"$tmp/out" 2>&1 && return 0
    sed 's/^/# /' "$tmp/out"
    return 1
}

check "desktop-file-validate accepts the .desktop file" \
    quiet desktop-file-validate "$data/org.discwright.Discwright.desktop"
check "appstreamcli validate accepts the metainfo" \
    quiet appstreamcli validate --no-net "$data/org.discwright.Discwright.metainfo.xml"
cp "$data/org.discwright.Discwright.gschema.xml" "$tmp/"
check "the GSettings schema compiles strictly" quiet glib-compile-schemas --strict --targetdir="$tmp" "$tmp"
check "the metainfo names the desktop file as its launchable" \
    grep -q '<launchable type="desktop-id">org.discwright.Discwright.desktop</launchable>' \
    "$data/org.discwright.Discwright.metainfo.xml"
check "the icon is named as the application id" grep -q '^Icon=org.discwright.Discwright$' \
    "$data/org.discwright.Discwright.desktop"
v=$(env -u DISPLAY -u WAYLAND_DISPLAY "$app" --version 2>&1)
check "--version prints the version (got: $v)" test "$v" = "discwright-gtk $(sed -n 's/^AC_INIT(\[discwright\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")"
env -u DISPLAY -u WAYLAND_DISPLAY "$app" --help >"$tmp/help" 2>&1
ok $? "--help exits 0"
check "--help lists --version" grep -q -- '--version' "$tmp/help"
# gettext: every GUI source and template is listed for translation, and
# xgettext extracts its strings.
missing=
for f in $(cd "$top_srcdir" && ls gui/*.c gui/ui/*.ui gui/ui/gtk/*.ui); do
    grep -qx "$f" "$top_srcdir/po/POTFILES.in" || missing="$missing $f"
done
check "po/POTFILES.in lists every GUI source and .ui file (missing:${missing:- none})" test -z "$missing"
if command -v xgettext >/dev/null 2>&1; then
    (cd "$top_srcdir" && grep -v '^#' po/POTFILES.in | xgettext --from-code=UTF-8 -k_ -kN_ -o "$tmp/discwright.pot" \
        --files-from=- 2>"$tmp/xgettext.err")
    n=$(grep -c '^msgid "[^"]' "$tmp/discwright.pot" 2>/dev/null || echo 0)
    check "xgettext extracts the GUI's strings ($n)" test "$n" -gt 100
fi
done_testing
