#!/usr/bin/python3
"""smoke.py: drive discwright-gtk through AT-SPI (dogtail) by accessible
names only, as a screen reader or a person with a keyboard would:
the drive is listed, the disc's tracks show an ISRC, the header bar has
its Jobs button, the Rip view offers its controls by name, the pressed
disc is said not to be recordable (no writable-medium section), Author's
Write image and Burn project wait for files, its boot controls sit in the
Boot options expander (named and enabled once it is open; Alt+H ticks
Hybrid for USB and enables the MBR chooser), the Burn view takes the
author project as its source, and Ctrl+Q quits.  Run by tests/gui_dogtail.sh under xvfb-run and
dbus-run-session; argv: dw-vdrive IMAGE discwright-gtk.  Prints TAP."""
import os
import subprocess
import sys
import time

results = []


def ok(cond, what):
    results.append((bool(cond), what))
    print("%s %d - %s" % ("ok" if cond else "not ok", len(results), what), flush=True)


def wait(pred, limit=60.0):
    """Poll pred() until it is true or the guard runs out (a hang guard, not a timing assert)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            v = pred()
            if v:
                return v
        except Exception:  # the tree changes under us while the app starts
            pass
        time.sleep(0.25)
    return None


def find(node, **kw):
    """node.child(**kw) without retries; None when absent."""
    try:
        return node.child(retry=False, **kw)
    except Exception:  # dogtail.tree.SearchError
        return None


def main():
    vdrive, image, app_path = sys.argv[1:4]
    try:
        from dogtail import config, tree
        from dogtail.rawinput import keyCombo
    except Exception as e:  # noqa: BLE001
        print("1..0 # SKIP dogtail is not importable: %s" % e)
        return 0
    config.searchShowingOnly = False
    config.defaultDelay = 0.1
    config.searchCutoffCount = 5
    proc = subprocess.Popen([vdrive, image, "--", app_path])
    try:
        app = wait(lambda: next(a for a in tree.root.applications()
                                if a.name in ("discwright-gtk", "Discwright", "test_gui")))
        ok(app is not None, "discwright-gtk is on the accessibility bus")
        if app is None:
            return 1
        drives = wait(lambda: app.child(name="Drives and images", retry=False))
        ok(drives is not None, "drive list found by its accessible name")
        row = wait(lambda: drives.findChild(lambda n: "/dev/sr0" in (n.name or ""), retry=False))
        ok(row is not None, "the virtual drive /dev/sr0 is listed")
        tracks = wait(lambda: app.child(name="Tracks", roleName="table", retry=False)) if drives else None
        isrc = wait(lambda: tracks.findChild(lambda n: n.name == "DEDWS2600001", retry=False))
        ok(isrc is not None, "the tracks table shows track 1's ISRC")
        recordable = wait(lambda: (lambda n: n if n is not None and n.showing else None)(
            find(app, name="Recordable", roleName="label")), limit=30)
        ok(recordable is not None and (recordable.text or "").startswith("No"),
           "the pressed disc is said not to be recordable (%s)" % (recordable.text if recordable else None))
        medium = find(app, name="Writable medium", roleName="panel")
        ok(medium is None or not medium.showing, "no writable-medium section for a pressed disc")
        jobs = find(app, name="Jobs", roleName="toggle button")
        ok(jobs is not None and jobs.showing, "the header bar's Jobs button is named")
        rip_tab = app.findChild(lambda n: n.name == "Rip" and n.roleName in ("toggle button", "radio button"),
                                retry=False)
        ok(rip_tab is not None, "the Rip view's switcher button is named")
        rip_tab.click() if rip_tab else None
        for name in ("Start rip", "Cancel rip", "Base name", "Output folder", "Format BIN/CUE",
                     "Read offset in samples", "Retry passes", "Resume an interrupted rip", "Sector map"):
            n = wait(lambda: find(app, name=name), limit=10)
            ok(n is not None, "Rip view: control named '%s'" % name)
        start = find(app, name="Start rip")
        ok(start is not None and start.sensitive, "Start rip is enabled with a disc selected")
        cancel = find(app, name="Cancel rip")
        ok(cancel is not None and not cancel.sensitive, "Cancel rip is disabled while nothing runs")
        author_tab = app.findChild(lambda n: n.name == "Author" and n.roleName in ("toggle button", "radio button"),
                                   retry=False)
        author_tab.click() if author_tab else None
        write = wait(lambda: find(app, name="Write image"), limit=10)
        ok(write is not None and not write.sensitive, "Author's Write image waits for files")
        burn = find(app, name="Burn project")
        ok(burn is not None and not burn.sensitive, "Author's Burn project waits for files")
        boot = find(app, name="Boot options")
        ok(boot is not None and boot.showing, "the boot options are folded in an expander")
        boot.click() if boot else None
        wait(lambda: find(app, name="BIOS boot image").showing, limit=10)
        for name in ("BIOS boot image", "Select BIOS boot image", "BIOS emulation", "Boot load size",
                     "Boot info table", "Hide boot catalog", "EFI boot source", "Hybrid for USB"):
            n = find(app, name=name)
            ok(n is not None and n.sensitive, "Author's boot control named '%s' is enabled" % name)
        info = find(app, name="Boot info table")
        ok(info is not None and info.checked, "the boot-info table is on by default (isolinux)")
        hybrid = find(app, name="Hybrid for USB")
        mbr = find(app, name="MBR boot code file")
        ok(hybrid is not None and not hybrid.checked and mbr is not None and not mbr.sensitive,
           "Hybrid for USB is off and its MBR code chooser disabled")
        keyCombo("<Alt>h")
        ok(wait(lambda: hybrid.checked and mbr.sensitive, limit=10), "Alt+H ticks Hybrid for USB; the MBR chooser is enabled")
        keyCombo("<Alt>h")
        ok(wait(lambda: not hybrid.checked, limit=10), "Alt+H again unticks it")
        burn_tab = app.findChild(lambda n: n.name == "Burn" and n.roleName in ("toggle button", "radio button"),
                                 retry=False)
        burn_tab.click() if burn_tab else None
        radio = wait(lambda: (lambda n: n if n is not None and n.showing else None)(
            find(app, name="Burn the author project")), limit=10)
        radio.click() if radio else None
        ok(radio is not None and wait(lambda: radio.checked, limit=10), "the Burn view takes the author project as source")
        start = find(app, name="Start burning")
        ok(start is not None and not start.sensitive, "Start burning is disabled for the closed disc in the drive")
        image = find(app, name="Image to burn")
        ok(image is not None and not image.sensitive, "with a project as source the image entry is disabled")
        keyCombo("<Control>q")
        rc = None
        end = time.monotonic() + 30
        while rc is None and time.monotonic() < end:
            rc = proc.poll()
            time.sleep(0.2)
        ok(rc == 0, "Ctrl+Q quits with status 0 (got %s)" % rc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    print("1..%d" % len(results))
    return 0 if all(r for r, _ in results) else 1


sys.exit(main())
