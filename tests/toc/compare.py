#!/usr/bin/env python3
"""compare.py: one cdrdao .toc read by `cdrdao show-toc` and by
`discwright --json info`, reduced to the same facts and compared.

usage: compare.py LIST
LIST has one case a line, tab-separated: CDRDAO_RC CDRDAO_OUTPUT OUR_RC
OUR_STDOUT OUR_STDERR TOC TITLE.  Prints a TAP line per case: ok when
both accept with the same tracks (start, end, pregap, index marks, ISRC,
catalog) or both refuse at the same line with the same reason; otherwise
not ok, with what differs and the toc as diagnostics.  (One process for
all cases: starting Python is the slow part on a loaded machine.)
Addresses are compared as cdrdao prints them: from the start of track
1's pregap (discwright's LBA 0 is track 1's INDEX 01)."""
import json
import re
import sys


def cdrdao_facts(rc, text):
    # A parse error names file:line; a toc that parses but that cdrdao's
    # check finds inconsistent (it would not write it) names no line.
    errors = re.findall(r'^ERROR: [^:]*:(\d+): (.*)$', text, re.M)
    if not errors and 'is inconsistent' in text:
        errors = [(None, m) for m in re.findall(r'^ERROR: (.*)$', text, re.M)]
    if rc != 0 or errors:
        line, msg = errors[0] if errors else ('?', text.strip().splitlines()[-1] if text.strip() else '')
        return {'refused': True, 'line': line, 'message': msg.strip().rstrip('.')}
    tracks = []
    cur = None
    for ln in text.splitlines():
        m = re.match(r'^TRACK\s+(\d+)\s+Mode ([^:]+):', ln)
        if m:
            cur = {'number': int(m.group(1)), 'mode': m.group(2), 'pregap': 0, 'indexes': [], 'isrc': None}
            tracks.append(cur)
            continue
        m = re.match(r'^\s+(START|END|PREGAP)\*?\s+\S+\(\s*(\d+)\)', ln)
        if m and cur is not None:
            cur[m.group(1).lower()] = int(m.group(2))
            continue
        m = re.match(r'^\s+INDEX\s+\d+\s+\S+\(\s*(\d+)\)', ln)
        if m and cur is not None:
            cur['indexes'].append(int(m.group(1)))
            continue
        m = re.match(r'^\s+ISRC (\S\S) (\S\S\S) (\S\S) (\S+)', ln)
        if m and cur is not None:
            cur['isrc'] = ''.join(m.groups())
    cat = re.search(r'^CATALOG NUMBER: (\d+)', text, re.M)
    return {'refused': False, 'catalog': cat.group(1) if cat else None, 'tracks': tracks}


def our_facts(rc, out, err):
    if rc != 0:
        m = re.search(r'discwright: [^:]*:(\d+):\d+: (.*)', err)
        if not m:
            return {'refused': True, 'line': '?', 'message': err.strip()}
        return {'refused': True, 'line': m.group(1), 'message': m.group(2).strip()}
    data = None
    for ln in out.splitlines():
        ev = json.loads(ln)
        if ev.get('event') == 'result':
            data = ev['data']
    off = data['tracks'][0]['pregap']
    tracks = []
    for t in data['tracks']:
        tracks.append({'number': t['number'], 'start': t['start'] + off, 'end': t['start'] + t['length'] + off,
                       'pregap': t['pregap'], 'indexes': [i + off for i in t['indexes'][1:]],
                       'isrc': t['isrc']})
    return {'refused': False, 'catalog': data['mcn'], 'tracks': tracks}


def compare(crc, cout, orc, oout, oerr):
    """'' when both agree, else what differs."""
    c = cdrdao_facts(int(crc), open(cout, encoding='utf-8', errors='replace').read())
    o = our_facts(int(orc), open(oout).read(), open(oerr).read())
    if c['refused'] != o['refused']:
        return 'cdrdao %s, discwright %s: %s / %s' % ('refuses' if c['refused'] else 'accepts',
                                                     'refuses' if o['refused'] else 'accepts',
                                                     c.get('message', ''), o.get('message', ''))
    if c['refused']:
        bad = []
        if c['line'] is not None and c['line'] != o['line']:
            bad.append('line %s vs %s' % (c['line'], o['line']))
        # cdrdao names some files by their full path
        cm = re.sub(r'"[^"]*/([^"/]*)"', r'"\1"', c['message'])
        if cm.startswith('syntax error'):
            if 'syntax error' not in o['message'] and 'has no data' not in o['message']:
                bad.append('reason "%s" vs "%s"' % (cm, o['message']))
        elif not o['message'].lower().startswith(cm.lower()):
            bad.append('reason "%s" vs "%s"' % (cm, o['message']))
        return 'both refuse, but: ' + '; '.join(bad) if bad else ''
    bad = []
    if c['catalog'] != o['catalog']:
        bad.append('catalog %s vs %s' % (c['catalog'], o['catalog']))
    if len(c['tracks']) != len(o['tracks']):
        bad.append('%d tracks vs %d' % (len(c['tracks']), len(o['tracks'])))
    # show-toc numbers the tracks from 1 whatever FIRST_TRACK_NO says;
    # compare them in order.
    for ct, ot in zip(c['tracks'], o['tracks']):
        for k in ('start', 'end', 'pregap', 'indexes', 'isrc'):
            if ct.get(k) != ot.get(k):
                bad.append('track %d %s: cdrdao %s, discwright %s' % (ct['number'], k, ct.get(k), ot.get(k)))
    return '; '.join(bad)


def main():
    failed = 0
    n = 0
    for line in open(sys.argv[1]):
        crc, cout, orc, oout, oerr, toc, title = line.rstrip('\n').split('\t')
        n += 1
        why = compare(crc, cout, orc, oout, oerr)
        print('%s %d - %s' % ('not ok' if why else 'ok', n, title))
        if why:
            failed = 1
            print('# ' + why)
            for ln in open(toc):
                print('#   ' + ln.rstrip('\n'))
    print('1..%d' % n)
    return failed


sys.exit(main())
