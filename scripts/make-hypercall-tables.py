#!/usr/bin/env python3
"""Makes abi/hypercall-tables.h: which hypercalls Xen wires up for each
x86 guest type (pv32, pv64, hvm32, hvm64; PVH uses the hvm columns), in
every release from 4.2 to 4.22, read from Xen's own dispatch tables.

    usage: scripts/make-hypercall-tables.py [XEN_GIT_DIR] > abi/hypercall-tables.h

XEN_GIT_DIR is a clone (bare is fine) of xen-project/xen with its
RELEASE-4.N.0 tags.  Files are read with `git show TAG:PATH`; nothing of
Xen's is written into this tree, only the facts below, each entry citing
the file and table it came from.  The output is deterministic.

Where the tables are:
  4.17-:     xen/include/hypercall-defs.c, the "table:" at its end
             (columns pv32 pv64 hvm32 hvm64 arm; "-" is not wired).
  4.9-4.16:  hvm_hypercall_table in xen/arch/x86/hvm/hypercall.c
             (.native is hvm64, .compat hvm32), pv_hypercall_table in
             xen/arch/x86/pv/hypercall.c (.native pv64, .compat pv32).
  4.8:       hvm_hypercall_table in xen/arch/x86/hvm/hvm.c,
             pv_hypercall_table in xen/arch/x86/hypercall.c.
  4.7:       hvm_hypercall_table in xen/arch/x86/hvm/hvm.c.
  4.2-4.6:   hvm_hypercall64_table and hvm_hypercall32_table in
             xen/arch/x86/hvm/hvm.c.
  4.2-4.7:   PV: hypercall_table in xen/arch/x86/x86_64/entry.S (pv64)
             and compat_hypercall_table in xen/arch/x86/x86_64/compat/
             entry.S (pv32), one .quad per number; *_ni_hypercall is not
             wired.

An entry inside #ifdef/#if keeps its condition; it counts as wired when
Xen's default x86 build enables it (DEFAULTS below, from each release's
Kconfig: `def_bool y` or `default y`).  4.4-4.6's pvh_hypercall64_table
served the experimental PVH v1 (a PV variant, removed in 4.9), not the
HVM-based PVH of today, and is not a column here.
"""
import re
import subprocess
import sys

REPO = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/xen-project+xen/repo"
FIRST, LAST = 2, 22

PV32, PV64, HVM32, HVM64 = 1, 2, 4, 8
COLS = [PV32, PV64, HVM32, HVM64]


def kconfig_defaults(minor):
    """Symbols of Xen's default x86-64 build, per release (Kconfig)."""
    d = {
        "__x86_64__": True, "__i386__": False, "CONFIG_X86": True,
        "CONFIG_X86_64": True, "CONFIG_ARM": False, "CPPCHECK": False,
        "CONFIG_PV": True,          # arch/x86/Kconfig: def_bool y
        "CONFIG_HVM": True,         # arch/x86/Kconfig: def_bool y
        "CONFIG_COMPAT": True,      # selected by x86 (PV32 from 4.14)
        "CONFIG_PV32": True,        # arch/x86/Kconfig: default y
        "CONFIG_GRANT_TABLE": True, # common/Kconfig: default y
        "CONFIG_KEXEC": True,       # common/Kconfig: default y
        "CONFIG_HYPFS": True,       # common/Kconfig: default y
        "CONFIG_IOREQ_SERVER": True,  # common/Kconfig: default X86
        "CONFIG_XENOPROF": True,    # arch/x86/Kconfig: def_bool y
        "CONFIG_PAGING": True,      # arch/x86/Kconfig: def_bool HVM || ...
        "CONFIG_SYSCTL": True,      # common/Kconfig: default y
        "CONFIG_ARGO": False,       # common/Kconfig: only if EXPERT
        "CONFIG_PV_SHIM": False,    # depends on XEN_GUEST, default n
        "CONFIG_PV_SHIM_EXCLUSIVE": False,
        # common/Kconfig: def_bool y to 4.11; only if EXPERT in 4.12;
        # removed in 4.13.
        "CONFIG_TMEM": minor <= 11,
    }
    return d


# Names that are not Kconfig choices, so not worth recording.
BUILD_FACTS = {"__x86_64__", "__i386__", "CONFIG_X86", "CONFIG_X86_64",
               "CONFIG_ARM", "CPPCHECK"}


def show(tag, path):
    try:
        return subprocess.run(["git", "--git-dir", REPO, "show",
                               "%s:%s" % (tag, path)],
                              check=True, capture_output=True,
                              text=True).stdout
    except subprocess.CalledProcessError:
        return None


def numbers(tag):
    """__HYPERVISOR_* numbers of the release's public xen.h."""
    nr = {}
    for m in re.finditer(r"#define\s+__HYPERVISOR_(\w+)\s+(\d+)",
                         show(tag, "xen/include/public/xen.h")):
        nr.setdefault(m.group(1), int(m.group(2)))
    # xen/include/public/arch-x86/xen-mca.h: __HYPERVISOR_mca is arch_0;
    # paging_domctl_continuation sits on arch_1 (do_arch_1 in the tables).
    nr["mca"] = nr["arch_0"]
    nr["paging_domctl_cont"] = nr["arch_1"]
    return nr


class Cond:
    """A preprocessor state: the stack of #if conditions, as text, and
    whether the default build takes each."""

    def __init__(self, defaults):
        self.defaults = defaults
        self.stack = []  # [text, value, any_taken]

    def ev(self, expr):
        e = expr.strip()
        e = re.sub(r"/\*.*?\*/", "", e).strip()
        py = re.sub(r"defined\s*\(\s*(\w+)\s*\)", r"D('\1')", e)
        py = re.sub(r"defined\s+(\w+)", r"D('\1')", py)
        py = py.replace("&&", " and ").replace("||", " or ")
        py = re.sub(r"!(?!=)", " not ", py)

        unknown = []

        def D(name):
            if name not in self.defaults:
                unknown.append(name)
                return False
            return self.defaults[name]
        try:
            v = bool(eval(py, {"D": D}))
        except Exception:
            unknown.append(e)
            v = False
        # None: a condition xabi has no default for (an error only if a
        # table entry sits under it)
        return None if unknown else v

    def line(self, s):
        m = re.match(r"\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b(.*)", s)
        if not m:
            return False
        kw, rest = m.group(1), re.sub(r"/\*.*?\*/", "", m.group(2)).strip()
        if kw in ("ifdef", "ifndef", "if"):
            if kw == "ifdef":
                text, val = rest, self.ev("defined(%s)" % rest)
            elif kw == "ifndef":
                text, val = "!" + rest, self.ev("!defined(%s)" % rest)
            else:
                text, val = rest, self.ev(rest)
            # text and value of this branch, the earlier branches' texts,
            # and whether one of them was taken
            self.stack.append({"text": text, "value": val, "prev": [text],
                               "taken": val})
        elif kw == "elif":
            top = self.stack[-1]
            top["text"] = "!(%s) && %s" % (" || ".join(top["prev"]), rest)
            v = self.ev(rest)
            top["value"] = None if v is None else v and not top["taken"]
            top["prev"].append(rest)
            top["taken"] = top["taken"] or top["value"]
        elif kw == "else":
            top = self.stack[-1]
            top["text"] = "!(%s)" % " || ".join(top["prev"])
            top["value"] = None if top["taken"] is None else \
                not top["taken"]
        elif kw == "endif":
            self.stack.pop()
        return True

    def active(self):
        return all(f["value"] for f in self.stack if is_build(f["text"]))

    def default(self):
        if any(f["value"] is None for f in self.stack):
            raise SystemExit("make-hypercall-tables: %s: no default for "
                             "%s" % (self.tag, self.text()))
        return all(f["value"] for f in self.stack)

    def text(self):
        t = [f["text"] for f in self.stack if not is_build(f["text"])]
        if not t:
            return None
        t = re.sub(r"defined\s*\(\s*(\w+)\s*\)", r"\1", " && ".join(t))
        t = re.sub(r"defined\s+(\w+)", r"\1", t)
        return re.sub(r"!\((\w+)\)", r"!\1", t)


def is_build(text):
    names = re.findall(r"[A-Za-z_]\w*", text)
    names = [n for n in names if n != "defined"]
    return bool(names) and all(n in BUILD_FACTS for n in names)


class Table:
    def __init__(self, minor):
        self.minor = minor
        self.rows = {}  # (nr, name, cond) -> [cols, default]
        self.cite = {"pv": [], "hvm": []}

    def add(self, nr, name, col, cond, dflt, cite):
        key = (nr, name, cond)
        r = self.rows.setdefault(key, [0, dflt])
        r[0] |= col
        kind = "pv" if col & (PV32 | PV64) else "hvm"
        if cite not in self.cite[kind]:
            self.cite[kind].append(cite)


def c_table(tag, path, symbol, nr, defaults, table, cols):
    """A C array of HYPERCALL(x) / COMPAT_CALL(x) / HVM_CALL(x) /
    [ __HYPERVISOR_x ] = ... entries, wired for cols: every macro sets
    both the native (64-bit) and the compat (32-bit) slot, so a table of
    {native, compat} pairs serves both columns, and 4.2-4.6's separate
    arrays one each."""
    src = show(tag, path)
    if src is None:
        raise SystemExit("make-hypercall-tables: %s: no %s" % (tag, path))
    c = Cond(defaults)
    c.tag = tag
    inside, found = False, False
    cite = "%s: %s" % (path, symbol)
    for line in src.split("\n"):
        if c.line(line):
            continue
        if not inside:
            if re.search(r"\b%s\s*\[[^]]*\]\s*=\s*\{" % symbol, line) or \
               (re.search(r"^\}\s*%s\s*\[[^]]*\]\s*=\s*\{" % symbol, line)):
                if c.active() and not found:
                    inside = found = True
            continue
        if re.match(r"\s*\};", line):
            inside = False
            continue
        m = re.search(r"\b(?:HYPERCALL|COMPAT_CALL|HVM_CALL)\((\w+)\)",
                      line) or \
            re.search(r"\[\s*__HYPERVISOR_(\w+)\s*\]", line)
        if not m or not c.active():
            continue
        name = m.group(1)
        table.add(nr[name], name, cols, c.text(), c.default(), cite)
    if not found:
        raise SystemExit("make-hypercall-tables: %s: no %s in %s" %
                         (tag, symbol, path))


def asm_table(tag, path, symbol, nr, table, col):
    """An assembly table: one .quad per hypercall number, from 0."""
    src = show(tag, path)
    if src is None:
        raise SystemExit("make-hypercall-tables: %s: no %s" % (tag, path))
    inside, rept, i = False, False, 0
    cite = "%s: %s" % (path, symbol)
    for line in src.split("\n"):
        if re.match(r"\s*ENTRY\(%s\)" % symbol, line):
            inside = True
            continue
        if not inside:
            continue
        if rept:
            rept = not re.match(r"\s*\.endr", line)
            continue
        m = re.match(r"\s*\.rept\s+(__HYPERVISOR_arch_0|NR_hypercalls)", line)
        if m:
            # the rest up to arch_0 (or all 64) is *_ni_hypercall
            i = nr["arch_0"] if m.group(1) == "__HYPERVISOR_arch_0" else 64
            rept = True
            continue
        if re.match(r"\s*(ENTRY|\.section|\.previous)\b", line) or \
           i >= 64:
            break
        m = re.match(r"\s*\.quad\s+(\w+)", line)
        if not m:
            continue
        fn = m.group(1)
        if not fn.endswith("_ni_hypercall"):
            name = re.sub(r"^(do|compat)_", "", fn)
            if fn == "paging_domctl_continuation":
                name = "arch_1"
            table.add(i, name, col, None, True, cite)
        i += 1


def defs_table(tag, nr, defaults, table):
    path = "xen/include/hypercall-defs.c"
    src = show(tag, path)
    c = Cond(defaults)
    c.tag = tag
    inside = False
    cite = "%s: table" % path
    for line in src.split("\n"):
        if c.line(line):
            continue
        if line.startswith("table:"):
            hdr = line.split()[1:]
            assert hdr[:4] == ["pv32", "pv64", "hvm32", "hvm64"], hdr
            inside = True
            continue
        if not inside or not line.strip():
            continue
        f = line.split()
        name, cols = f[0], 0
        for k in range(4):
            if f[1 + k] != "-":
                cols |= COLS[k]
        table.add(nr[name], name, cols, c.text(), c.default(), cite)
    table.cite = {"pv": [cite + ", columns pv32 pv64"],
                  "hvm": [cite + ", columns hvm32 hvm64"]}


# Where each release keeps its tables: (first, last, [(kind, path,
# symbol, columns)]), kind "defs" (hypercall-defs.c), "c" (a C array) or
# "asm" (an assembly table, one .quad per number).
HVM_C = "xen/arch/x86/hvm/hypercall.c"
HVM_OLD = "xen/arch/x86/hvm/hvm.c"
PV_ASM = [("asm", "xen/arch/x86/x86_64/entry.S", "hypercall_table", PV64),
          ("asm", "xen/arch/x86/x86_64/compat/entry.S",
           "compat_hypercall_table", PV32)]
SOURCES = [
    (17, 22, [("defs", "xen/include/hypercall-defs.c", "table", 0)]),
    (9, 16, [("c", HVM_C, "hvm_hypercall_table", HVM64 | HVM32),
             ("c", "xen/arch/x86/pv/hypercall.c", "pv_hypercall_table",
              PV64 | PV32)]),
    (8, 8, [("c", HVM_OLD, "hvm_hypercall_table", HVM64 | HVM32),
            ("c", "xen/arch/x86/hypercall.c", "pv_hypercall_table",
             PV64 | PV32)]),
    (7, 7, [("c", HVM_OLD, "hvm_hypercall_table", HVM64 | HVM32)] + PV_ASM),
    (2, 6, [("c", HVM_OLD, "hvm_hypercall64_table", HVM64),
            ("c", HVM_OLD, "hvm_hypercall32_table", HVM32)] + PV_ASM),
]


def release(minor):
    tag = "RELEASE-4.%d.0" % minor
    nr = numbers(tag)
    d = kconfig_defaults(minor)
    t = Table(minor)
    for first, last, where in SOURCES:
        if not first <= minor <= last:
            continue
        for kind, path, symbol, cols in where:
            if kind == "defs":
                defs_table(tag, nr, d, t)
            elif kind == "c":
                c_table(tag, path, symbol, nr, d, t, cols)
            else:
                asm_table(tag, path, symbol, nr, t, cols)
        return t
    raise SystemExit("make-hypercall-tables: no sources for 4.%d" % minor)


def cstr(s):
    return "NULL" if s is None else '"%s"' % s.replace('"', '\\"')


def colnames(cols):
    n = [s for s, b in (("PV32", PV32), ("PV64", PV64), ("HVM32", HVM32),
                        ("HVM64", HVM64)) if cols & b]
    return " | ".join("XABI_HC_COL_" + x for x in n) if n else "0"


def main():
    out = sys.stdout
    out.write("/*\n * hypercall-tables.h: which hypercalls Xen wires up "
              "for each x86 guest\n * type, per release, as Xen's own "
              "dispatch tables say.  Generated by\n * "
              "scripts/make-hypercall-tables.py from xen-project/xen at "
              "the tags\n * RELEASE-4.N.0; do not edit.  Included only by "
              "abi/hypercall.c.\n *\n * Each row: number, the name the "
              "table uses, the columns (guest types)\n * it is wired for, "
              "the #if condition around it (NULL: none), whether\n * Xen's "
              "default x86 build takes that condition, and where it "
              "is.\n */\n\n/* clang-format off */\n\n")
    names = []
    for minor in range(FIRST, LAST + 1):
        t = release(minor)
        ident = "hc_4_%d" % minor
        names.append((minor, ident, len(t.rows), t.cite))
        out.write("static const struct hc_row %s[] = {\n" % ident)
        for (nr, name, cond), (cols, dflt) in \
                sorted(t.rows.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                       kv[0][2] or "")):
            out.write("    { %d, %s, %s,\n      %s, %s },\n" %
                      (nr, cstr(name), colnames(cols), cstr(cond),
                       "true" if dflt else "false"))
        out.write("};\n\n")
    out.write("static const struct hc_release hc_releases[] = {\n")
    for minor, ident, n, cite in names:
        out.write('    { "4.%d", %s, %d,\n      %s,\n      %s },\n' %
                  (minor, ident, n,
                   cstr("; ".join(cite["pv"]) + " (RELEASE-4.%d.0)" % minor),
                   cstr("; ".join(cite["hvm"]) +
                        " (RELEASE-4.%d.0)" % minor)))
    out.write("};\n\n/* clang-format on */\n")


if __name__ == "__main__":
    main()
