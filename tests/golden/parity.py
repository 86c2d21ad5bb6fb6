#!/usr/bin/env python3
"""Compare `xabi stats --json` with xenalyze's summary of the same trace.

usage: parity.py STATS.json XENALYZE-SUMMARY.txt [--known-diff KEY=N ...]

xenalyze (tools/xentrace/xenalyze.c) prints, per domain and vCPU, its "PV
events" (counts per kind, hypercalls per op with sub-calls folded in, traps
per vector) and, for HVM vCPUs, "Exit reasons".  We compare every number it
prints that xabi also measures.  Domains xenalyze does not print (its
"default domain" 32768 for records no scheduler record explains) are xabi's
unknown domain, checked separately from --dump-all by the caller.

--known-diff d1v0:exit:VMMCALL=1 allows xabi to count N more than xenalyze
for one key; the caller says why next to it.
Exits 0 when everything matches, 1 otherwise, printing each comparison.
"""
import json
import re
import sys

# xenalyze's PV event names -> xabi fact kinds.
PV_KINDS = {
    "page_fault": "page_fault",
    "emulate privop": "emul_privop",
    "math state restore": "math_state_restore",
    "ptwr": "ptwr_emulation",
    "forced_invalid_op": "forced_invalid_op",
    "paging fixup": "paging_fixup",
    "gdt/ldt mapping fault": "gdt_ldt_mapping_fault",
    "emulate 4g": "emulate_4gb",
}
# xenalyze's SVM/VMX exception exit names -> xabi's (x86_vmexit table).
EXC = {"DE": 0, "DB": 1, "NMI": 2, "BP": 3, "OF": 4, "BR": 5, "UD": 6,
       "NM": 7, "DF": 8, "TS": 10, "NP": 11, "SS": 12, "GP": 13, "PF": 14,
       "MF": 16, "AC": 17, "MC": 18, "XF": 19}


def parse_xenalyze(path):
    """{(dom, vcpu): {key: count}} from a --summary."""
    out = {}
    dom = vcpu = None
    section = None
    for line in open(path, errors="replace"):
        m = re.match(r"\|-- Domain (\d+) --\|", line)
        if m:
            dom, vcpu, section = int(m.group(1)), None, None
            continue
        m = re.match(r"-- v(\d+) --", line)
        if m and dom is not None:
            vcpu, section = int(m.group(1)), None
            out.setdefault((dom, vcpu), {})
            continue
        if vcpu is None:
            continue
        c = out[(dom, vcpu)]
        if line.startswith("PV events:"):
            section = "pv"
            continue
        if line.startswith("Exit reasons:"):
            section = "exit"
            continue
        if re.match(r"^\S", line):
            section = None
            continue
        if section == "pv":
            m = re.match(r"^    (\S.*?)\s*\[\s*(\d+)\]:\s+(\d+)$", line)
            if m:
                c["hypercall:%d" % int(m.group(2))] = int(m.group(3))
                continue
            m = re.match(r"^    \[(\d+)\] (\d+)$", line)
            if m:
                c["trap:%d" % int(m.group(1))] = int(m.group(2))
                continue
            m = re.match(r"^  (\S.*?)  (\d+)$", line)
            if m:
                name = m.group(1)
                if name in PV_KINDS:
                    c["kind:" + PV_KINDS[name]] = int(m.group(2))
                elif name == "hypercall":
                    c["hypercalls"] = int(m.group(2))
                elif name == "trap":
                    c["traps"] = int(m.group(2))
        elif section == "exit":
            m = re.match(r"^ VMEXIT_(\S+)\s+(\d+)\s", line)
            if m:
                name = m.group(1)
                e = re.match(r"EXCEPTION_(\w+)$", name)
                if e and e.group(1) in EXC:
                    name = "EXCP%d" % EXC[e.group(1)]
                c["exit:" + name] = int(m.group(2))
    return out


def xabi_counts(path):
    """The same keys, from xabi stats --json."""
    stats = json.load(open(path))
    out = {}
    for v in stats["vcpus"]:
        c = out.setdefault((v["domid"], v["vcpu"]), {})
        total = 0
        for h in v["hypercalls"]:
            n = h["calls"] + h["subcalls"]  # xenalyze folds sub-calls in
            if n:
                c["hypercall:%d" % h["nr"]] = n
                total += n
        if total:
            c["hypercalls"] = total
        ntraps = 0
        for t in v["traps"]:
            if t["kind"] == "trap":
                c["trap:%d" % t["vector"]] = t["count"]
                ntraps += t["count"]
        if ntraps:
            c["traps"] = ntraps
        for f in v["faults"]:
            c["kind:" + f["kind"]] = f["count"]
        for e in v["hvm_exits"]:
            c["exit:" + e["name"]] = e["count"]
    return out


def main(argv):
    known = {}
    args = []
    i = 1
    while i < len(argv):
        if argv[i] == "--known-diff":
            k, n = argv[i + 1].rsplit("=", 1)
            known[k] = int(n)
            i += 2
        else:
            args.append(argv[i])
            i += 1
    xa = parse_xenalyze(args[1])
    xb = xabi_counts(args[0])
    compared = bad = 0
    for (dom, vcpu), ref in sorted(xa.items()):
        if not ref:
            continue
        mine = xb.get((dom, vcpu), {})
        for key, n in sorted(ref.items()):
            label = "d%dv%d:%s" % (dom, vcpu, key)
            got = mine.get(key, 0)
            want = n + known.get(label, 0)
            compared += 1
            ok = got == want
            bad += not ok
            print("%s %-40s xenalyze %8d xabi %8d%s" % (
                "ok  " if ok else "FAIL", label, n, got,
                "" if label not in known else
                "  (known: xabi +%d)" % known[label]))
    # Nothing xabi saw on a domain xenalyze prints may go unmentioned.
    for (dom, vcpu), mine in sorted(xb.items()):
        if (dom, vcpu) not in xa or dom < 0:
            continue
        for key in mine:
            pv = key.startswith(("hypercall:", "trap:")) or \
                key[len("kind:"):] in PV_KINDS.values()
            if pv and key not in xa[(dom, vcpu)]:
                bad += 1
                print("FAIL d%dv%d:%s xabi counts %d, xenalyze nothing" % (
                    dom, vcpu, key, mine[key]))
    print("%d compared, %d differ" % (compared, bad))
    if compared == 0:
        print("FAIL: nothing compared")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
