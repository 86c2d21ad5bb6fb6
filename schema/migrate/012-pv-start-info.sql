-- Schema 11 -> 12: the start_info_t page at a PV vCPU's initial rSI, as
-- the live collector read it (schema/006-snapshot.sql:
-- snapshot_pv_start_info).

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
