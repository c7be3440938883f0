#!/bin/sh
# gui_dogtail.sh: one AT-SPI smoke test of discwright-gtk by accessible
# names (tests/gui/smoke.py, dogtail under Debian's /usr/bin/python3),
# on the virtual drive serving the audio sample.
. "$top_srcdir/tests/tap.sh"
vd="$top_builddir/tests/vdrive/dw-vdrive"
app="$top_builddir/gui/discwright-gtk"
out="$top_builddir/samples/out"
py=/usr/bin/python3
[ -x "$py" ] || skip_all "$py is missing"
"$py" -c 'import dogtail, pyatspi' 2>/dev/null || skip_all "python3-dogtail (and pyatspi) is not installed"
[ -x /usr/libexec/at-spi-bus-launcher ] || skip_all "at-spi2-core is not installed"
command -v xvfb-run >/dev/null 2>&1 || skip_all "xvfb-run is missing (Debian package xvfb)"
command -v dbus-run-session >/dev/null 2>&1 || skip_all "dbus-run-session is missing (Debian package dbus)"
[ -x "$app" ] || skip_all "gui/discwright-gtk is not built"
[ -x "$vd" ] || skip_all "the virtual drive wrapper is not built"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
GSETTINGS_SCHEMA_DIR="$top_builddir/gui/schemas"
GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND
unset NO_AT_BRIDGE
# dogtail accepts this as "accessibility enabled" (GTK 3 has both built in).
GTK_MODULES=gail:atk-bridge
export GTK_MODULES
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
exec xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
    "$py" "$top_srcdir/tests/gui/smoke.py" "$vd" "$out/audio.ccd" "$app" 2>&1
