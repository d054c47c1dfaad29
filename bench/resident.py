#!/usr/bin/env python3
"""bench/resident.py PID BINARY — which parts of gleaner's binary are resident in a running process.

Reads /proc/PID/pagemap (root) for the mappings of BINARY and attributes each resident 4 KB page to
its ELF section (readelf -S) and, inside .text, to the module of the symbol at the page's middle
(nm; Swift modules from the mangled name). This is how docs/benchmarks.md ("What mattered in
session 4") found that a crawl kept most of the binary's code resident: the kernel maps file pages
in 64 KB fault-around blocks around each page touched.
"""
import sys, struct, subprocess, re, collections, bisect
pid, binpath = int(sys.argv[1]), sys.argv[2]
secs = []
for line in subprocess.run(['readelf','-SW',binpath],capture_output=True,text=True).stdout.splitlines():
    m = re.match(r'\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)', line)
    if m and int(m.group(2),16): secs.append((int(m.group(2),16), int(m.group(3),16), m.group(1)))
secs.sort()
base = None; ranges = []
for line in open(f'/proc/{pid}/maps'):
    parts = line.split()
    if len(parts) >= 6 and parts[5].endswith('gleaner') or (len(parts)>=6 and parts[5]==binpath):
        a, b = (int(x,16) for x in parts[0].split('-'))
        off = int(parts[2],16)
        if base is None: base = a - off
        ranges.append((a,b))
pm = open(f'/proc/{pid}/pagemap','rb')
res = collections.Counter(); resident_pages = []
for a,b in ranges:
    pm.seek(a//4096*8); data = pm.read((b-a)//4096*8)
    for i in range(0,len(data),8):
        v = struct.unpack('<Q', data[i:i+8])[0]
        if v >> 63:
            va = a + (i//8)*4096 - base
            resident_pages.append(va)
starts = [s[0] for s in secs]
for va in resident_pages:
    k = bisect.bisect_right(starts, va) - 1
    name = secs[k][2] if k >= 0 and va < secs[k][0] + secs[k][1] + 4096 else '?'
    res[name] += 4
print('total resident KB', sum(res.values()))
for n,kb in res.most_common(25): print(f'{kb:8d} KB {n}')
# .text per module
syms = []
for line in subprocess.run(['nm','-S','--defined-only',binpath],capture_output=True,text=True).stdout.splitlines():
    p = line.split()
    if len(p)==4 and p[2] in 'tTwW': syms.append((int(p[0],16), int(p[1],16), p[3]))
syms.sort()
saddr = [s[0] for s in syms]
def module(name):
    m = re.match(r'^\$s(\d+)(\w+)', name)
    if m: return 'swift:' + m.group(2)[:int(m.group(1))]
    if name.startswith('$ss') or name.startswith('$sS'): return 'swift:stdlib'
    if 'icu' in name.lower(): return 'icu'
    if name.startswith('_Z'): return 'c++'
    if name.startswith('$s'): return 'swift:other'
    return 'c'
text = [s for s in secs if s[2]=='.text'][0]
mods = collections.Counter()
for va in resident_pages:
    if text[0] <= va < text[0]+text[1]:
        k = bisect.bisect_right(saddr, va+2048) - 1
        mods[module(syms[k][2]) if k>=0 else '?'] += 4
print('.text by module (page attributed by symbol at its middle)')
for n,kb in mods.most_common(20): print(f'{kb:8d} KB {n}')
