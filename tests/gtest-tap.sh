#!/bin/sh
# gtest-tap.sh: run a GLib test program so that it prints TAP for
# automake's tap-driver.  Non-GLib test programs that already print TAP
# accept and ignore --tap.
exec "$@" --tap
