-- The ABI catalogue: what each Xen version's public headers define.
-- Seeded from schema/catalogue/ (made by `xabi abi import` from the real
-- headers at each release tag) and extended by `xabi abi import`.
CREATE TABLE abi_version (
    version         TEXT PRIMARY KEY,   -- '4.17'
    source          TEXT NOT NULL,      -- where the headers came from
    interface_version INTEGER,          -- __XEN_LATEST_INTERFACE_VERSION__
    imported_at     TEXT,
    skipped         INTEGER NOT NULL DEFAULT 0 -- lines the importer skipped
) WITHOUT ROWID;

-- __HYPERVISOR_* from xen.h (and arch-x86/xen.h for the arch ops).
CREATE TABLE abi_hypercall (
    version     TEXT NOT NULL REFERENCES abi_version(version) ON DELETE CASCADE,
    nr          INTEGER NOT NULL,
    name        TEXT NOT NULL,          -- without the __HYPERVISOR_ prefix
    alias_of    TEXT,                   -- set for compat aliases
    x86_only    INTEGER NOT NULL DEFAULT 0,
    deprecated  INTEGER NOT NULL DEFAULT 0,
    dropped     INTEGER NOT NULL DEFAULT 0,
    comment     TEXT,
    PRIMARY KEY (version, name)
) WITHOUT ROWID;
CREATE INDEX abi_hypercall_nr ON abi_hypercall (version, nr);

-- Named constants: kind is one of elfnote, callbacktype, vmasst,
-- flat_selector, gdt, trc, interface, xenfeat, hvm_param, cpuid.  The header is part of the key: both
-- x86 headers define FLAT_KERNEL_CS, with different values.
CREATE TABLE abi_constant (
    version     TEXT NOT NULL REFERENCES abi_version(version) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    value       INTEGER NOT NULL,
    header      TEXT NOT NULL,          -- e.g. arch-x86/xen-x86_64.h
    comment     TEXT,
    -- guest; tools (#if defined(__XEN__) || defined(__XEN_TOOLS__), and
    -- domctl.h, sysctl.h); xen (#ifdef __XEN__: no guest comparison counts it)
    audience    TEXT NOT NULL DEFAULT 'guest',
    PRIMARY KEY (version, kind, header, name)
) WITHOUT ROWID;
CREATE INDEX abi_constant_value ON abi_constant (version, kind, value);

-- Sub-op numbers of the multiplexed hypercalls.
CREATE TABLE abi_subop (
    version     TEXT NOT NULL REFERENCES abi_version(version) ON DELETE CASCADE,
    hypercall   TEXT NOT NULL,          -- e.g. sched_op
    nr          INTEGER NOT NULL,
    name        TEXT NOT NULL,          -- e.g. SCHEDOP_yield
    audience    TEXT NOT NULL DEFAULT 'guest', -- as abi_constant.audience
    PRIMARY KEY (version, hypercall, name)
) WITHOUT ROWID;

-- Struct and union layouts, per x86 width, from the DWARF of the release's
-- public headers compiled with gcc -m32 / -m64 (scripts/make-catalogue.sh,
-- scripts/layout-extract.c).  Only the layouts the catalogue names, and
-- only those the release defines.
CREATE TABLE abi_layout (
    version     TEXT NOT NULL REFERENCES abi_version(version) ON DELETE CASCADE,
    width       TEXT NOT NULL,          -- x86_32, x86_64
    name        TEXT NOT NULL,          -- the tag: start_info, grant_entry_v2
    kind        TEXT NOT NULL,          -- struct, union
    size        INTEGER NOT NULL,       -- sizeof, in bytes
    header      TEXT NOT NULL,          -- where it is declared: xen.h
    PRIMARY KEY (version, width, name)
) WITHOUT ROWID;

-- The members of a layout in declaration order.  Members of anonymous
-- structs and unions are flattened into their parent and those of a named
-- member's anonymous type are dotted ("arg1.mfn"): every name is one that
-- offsetof() accepts.  bit_offset (from the layout's start) and bit_size
-- are set for bit-fields only.
CREATE TABLE abi_layout_member (
    version     TEXT NOT NULL,
    width       TEXT NOT NULL,
    layout      TEXT NOT NULL,
    idx         INTEGER NOT NULL,       -- declaration order, from 0
    name        TEXT NOT NULL,
    offset      INTEGER NOT NULL,       -- offsetof, in bytes
    size        INTEGER NOT NULL,       -- sizeof, in bytes
    type        TEXT NOT NULL,          -- as DWARF spells it: uint64_t
    bit_offset  INTEGER,
    bit_size    INTEGER,
    PRIMARY KEY (version, width, layout, name),
    FOREIGN KEY (version, width, layout)
        REFERENCES abi_layout(version, width, name) ON DELETE CASCADE
) WITHOUT ROWID;
