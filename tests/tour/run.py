#!/usr/bin/env python3
"""run.py: run the README's tour, so the README cannot rot.

Every ```sh block in the README's "## Tour" section is run, in order, as
`sh -e` in one scratch directory (so later blocks see what earlier ones
made), with the built discwright and discwright-gtk first on PATH.  An
HTML comment before a block says how to run it (nothing is shown to a
reader):

    <!-- tour: drive=audio.ccd profile=dvd device=/dev/sr1 faults=scratched
               exit=5 needs=/path,/path gui skip=why -->

  drive=SAMPLE   the virtual drive serves samples/out/SAMPLE on /dev/sr0
  medium=KIND    the virtual drive is a recorder holding a KIND medium (cd-r,
                 dvd+r, ...: dw-vdrive --medium); the medium is kept for the
                 whole tour, so a later block with the same KIND finds what
                 an earlier one burnt
  profile=P      its profile (cd, dvd, bd)
  device=PATH    the path it claims instead of /dev/sr0
  faults=NAME    its fault map: tests/tour/NAME.map
  exit=N         the block must end with exit status N (default 0)
  needs=A,B      skipped (TAP SKIP) unless these files exist
  gui            a window: run under xvfb-run and dbus-run-session; it
                 passes when the program is still running after a while
                 (skipped without a display server or a GUI build)
  skip=WHY       shown, not run (needs hardware the tests do not have)

An unknown key fails the test: what a block needs must be said here.
Prints TAP; exits 1 when a block fails."""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

top_srcdir = os.environ['top_srcdir']
top_builddir = os.environ['top_builddir']
readme = os.path.join(top_srcdir, 'README.md')
samples = os.path.join(top_builddir, 'samples', 'out')
vdrive = os.path.join(top_builddir, 'tests', 'vdrive', 'dw-vdrive')
KEYS = {'drive', 'medium', 'profile', 'device', 'faults', 'exit', 'needs', 'gui', 'skip'}
GUI_SECONDS = 10


def blocks(text):
    """(attrs, code, line) for each sh block of the Tour section."""
    m = re.search(r'^## Tour\b.*?$(.*?)(?=^## |\Z)', text, re.M | re.S)
    if not m:
        return None
    section = m.group(1)
    start_line = text[:m.start(1)].count('\n') + 1
    out = []
    pos = 0
    for b in re.finditer(r'^```sh\n(.*?)^```', section, re.M | re.S):
        before = section[pos:b.start()]
        notes = re.findall(r'<!--\s*tour:(.*?)-->', before, re.S)
        attrs = {}
        for note in notes[-1:]:
            for word in shlex.split(note):
                k, _, v = word.partition('=')
                attrs[k] = v if _ else True
        out.append((attrs, b.group(1), start_line + section[:b.start()].count('\n')))
        pos = b.end()
    return out


def main():
    text = open(readme, encoding='utf-8').read()
    found = blocks(text)
    if not found:
        print('1..1\nnot ok 1 - README.md has a "## Tour" section with sh blocks')
        return 1
    work = tempfile.mkdtemp(prefix='dw-tour-')
    env = dict(os.environ)
    env['PATH'] = os.pathsep.join([os.path.join(top_builddir, 'cli'), os.path.join(top_builddir, 'gui'),
                                   env.get('PATH', '/usr/bin:/bin')])
    env['GSETTINGS_SCHEMA_DIR'] = os.path.join(top_builddir, 'gui', 'schemas')
    env['GSETTINGS_BACKEND'] = 'memory'
    env['NO_AT_BRIDGE'] = '1'
    env['SOURCE_DATE_EPOCH'] = '1700000000'
    failed = 0
    n = 0
    try:
        for attrs, code, line in found:
            n += 1
            first = code.strip().splitlines()[0] if code.strip() else ''
            title = 'README.md:%d: %s' % (line, first)
            unknown = set(attrs) - KEYS
            if unknown:
                print('not ok %d - %s # unknown tour keys %s (known: %s)' % (n, title, sorted(unknown), sorted(KEYS)))
                failed = 1
                continue
            if 'skip' in attrs:
                print('ok %d - %s # SKIP %s' % (n, title, attrs['skip']))
                continue
            missing = [p for p in str(attrs.get('needs', '')).split(',') if p and not os.path.exists(p)]
            if missing:
                print('ok %d - %s # SKIP missing %s' % (n, title, ', '.join(missing)))
                continue
            script = os.path.join(work, '.block%d.sh' % n)
            with open(script, 'w') as f:
                f.write(code)
            cmd = ['sh', '-e', script]
            if 'drive' in attrs:
                image = os.path.join(samples, attrs['drive'])
                if not os.path.exists(image) or not os.access(vdrive, os.X_OK):
                    print('ok %d - %s # SKIP the virtual drive or %s missing (make samples)' % (n, title, image))
                    continue
                v = [vdrive]
                if 'profile' in attrs:
                    v += ['--profile', attrs['profile']]
                if 'device' in attrs:
                    v += ['--device', attrs['device']]
                if 'faults' in attrs:
                    v += ['--faults', os.path.join(top_srcdir, 'tests', 'tour', attrs['faults'] + '.map')]
                cmd = v + [image, '--'] + cmd
            elif 'medium' in attrs:
                if not os.access(vdrive, os.X_OK):
                    print('ok %d - %s # SKIP the virtual drive is not built' % (n, title))
                    continue
                disc = os.path.join(work, '.medium-' + attrs['medium'])
                os.makedirs(disc, exist_ok=True)
                cmd = [vdrive, '--medium', attrs['medium'], '--disc', disc, '--'] + cmd
            want = int(attrs.get('exit', 0))
            if 'gui' in attrs:
                gtk = os.path.join(top_builddir, 'gui', 'discwright-gtk')
                if not (shutil.which('xvfb-run') and shutil.which('dbus-run-session') and os.access(gtk, os.X_OK)):
                    print('ok %d - %s # SKIP no GUI build or no xvfb-run/dbus-run-session' % (n, title))
                    continue
                cmd = ['timeout', '-k', '5', str(GUI_SECONDS), 'xvfb-run', '-a', 'dbus-run-session', '--'] + cmd
                want = 124  # still running when the time was up: it started and stayed up
            r = subprocess.run(cmd, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, timeout=600)
            good = r.returncode == want
            print('%s %d - %s (exit %d%s)' % ('ok' if good else 'not ok', n, title, r.returncode,
                                           '' if good else ', want %d' % want))
            if not good:
                failed = 1
                for ln in r.stdout.decode('utf-8', 'replace').splitlines()[-30:]:
                    print('#   ' + ln)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print('1..%d' % n)
    return failed


sys.exit(main())
