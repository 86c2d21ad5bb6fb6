-- vCPU snapshots: the architectural state of one vCPU at one moment.
--
-- Written by the live collector (XEN_DOMCTL_getvcpucontext for PV,
-- the HVM save record for HVM and PVH) and by the loader of recorded text
-- dumps (collector/snapshot-text.c); read by the analyzer's start-of-day,
-- segment and trap-table rules.
--
-- Absence is explicit: a register that was not read has no row in
-- snapshot_reg, a trap table that was not read has traps_read = 0, and a
-- GDT that could not be mapped has gdt_read = 0.  Rules say NOT-OBSERVED
-- rather than guess.

CREATE TABLE snapshot (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    domid       INTEGER NOT NULL,
    vcpu        INTEGER NOT NULL,
    -- initial: created paused, before its first instruction;
    -- running: at some point while it ran; final: as it ended.
    phase       TEXT NOT NULL CHECK (phase IN ('initial', 'running', 'final')),
    -- Had the guest entered user mode by then?  NULL: not known.
    user_mode_seen INTEGER,
    tsc         INTEGER,
    taken_at    TEXT,           -- UTC, ISO 8601, when known
    guest_type  TEXT NOT NULL CHECK (guest_type IN ('PV64', 'PV32', 'HVM', 'PVH')),
    source      TEXT NOT NULL,  -- e.g. getvcpucontext, hvm-save, text:FILE
    traps_read  INTEGER NOT NULL DEFAULT 0, -- the trap table was read
    gdt_read    INTEGER NOT NULL DEFAULT 0  -- the GDT frames were mapped
);
CREATE INDEX snapshot_by_vcpu ON snapshot (run_id, domid, vcpu);

-- Scalar registers by name: rip rsp rbx rflags cr0 cr2 cr3 cr4 efer
-- kernel_ss kernel_sp vm_assist vcpu_flags, and for PV the descriptor
-- tables registered: gdt_ents ldt_base ldt_ents.  For HVM and PVH, the
-- MTRR save record (struct hvm_hw_mtrr), all its rows or none: pat
-- mtrr_cap mtrr_def_type, mtrr_var0..mtrr_var15 (PHYSBASE0, PHYSMASK0,
-- PHYSBASE1, ...) and mtrr_fixed0..mtrr_fixed10.
CREATE TABLE snapshot_reg (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    value       INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, name)
) WITHOUT ROWID;

-- Segment registers.  base/limit/attr are the hidden part, NULL when the
-- source does not give it (a PV context has selectors only).  attr is in
-- the HVM save record's 12-bit form: type 0-3, S 4, DPL 5-6, P 7, AVL 8,
-- L 9, D/B 10, G 11 (xen/include/public/arch-x86/hvm/save.h).
CREATE TABLE snapshot_segment (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    reg         TEXT NOT NULL
                CHECK (reg IN ('cs', 'ss', 'ds', 'es', 'fs', 'gs', 'tr', 'ldtr')),
    selector    INTEGER NOT NULL,
    base        INTEGER,
    seg_limit   INTEGER,
    attr        INTEGER,
    -- The name a text dump printed this register under, when that is not
    -- its own: from Xen 4.12 on, xen-hvmctx prints DS as "es" and ES as
    -- "ds" (abi/xen-tools.c).  NULL: its own name, or a binary source.
    source_label TEXT,
    PRIMARY KEY (snapshot_id, reg)
) WITHOUT ROWID;

-- The PV trap table (xen/include/public/arch-x86/xen.h: struct trap_info):
-- one row per vector that has a handler.  flags: DPL in bits 0-1, bit 2
-- clears the event mask on entry.
CREATE TABLE snapshot_trap (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    vector      INTEGER NOT NULL,
    flags       INTEGER NOT NULL,
    cs          INTEGER NOT NULL,
    address     INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, vector)
) WITHOUT ROWID;

-- Registered callbacks (xen/include/public/callback.h: CALLBACKTYPE_*).
-- A row with address 0 says "known not registered"; no row: not known.
CREATE TABLE snapshot_callback (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    type        TEXT NOT NULL
                CHECK (type IN ('event', 'failsafe', 'syscall', 'syscall32',
                                'sysenter', 'nmi')),
    cs          INTEGER,
    address     INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, type)
) WITHOUT ROWID;

-- Raw 8-byte GDT descriptors read from the guest's GDT frames.
CREATE TABLE snapshot_gdt (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    raw         INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, idx)
) WITHOUT ROWID;

-- PVH: the hvm_start_info that EBX points at
-- (xen/include/public/arch-x86/hvm/start_info.h), read from guest memory.
CREATE TABLE snapshot_start_info (
    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
    gpa         INTEGER NOT NULL,   -- where it was read
    magic       INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    flags       INTEGER NOT NULL,
    nr_modules  INTEGER NOT NULL,
    modlist_paddr INTEGER NOT NULL,
    cmdline_paddr INTEGER NOT NULL,
    rsdp_paddr  INTEGER NOT NULL,
    memmap_paddr INTEGER,
    memmap_entries INTEGER
);

-- The start_info_t page a PV vCPU's rSI pointed at before its first
-- instruction (xen/include/public/xen.h, "Start-of-day memory layout":
-- "start_info_t structure [register rSI (x86)]"), as the live collector
-- read it through the guest's own page tables: the magic it begins with
-- ("xen-<version>-<platform>"), nr_pages and flags.  No row: not read (a
-- text dump holds no guest memory, or the page was not mapped).
CREATE TABLE snapshot_pv_start_info (
    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
    va          INTEGER NOT NULL,   -- the rSI it was read at
    magic       TEXT NOT NULL,
    nr_pages    INTEGER NOT NULL,
    flags       INTEGER NOT NULL
);
