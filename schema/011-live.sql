-- Live collection (xabi collect --live): what a run of kind 'live' read of
-- its host, beyond the trace facts (001-core) and the vCPU snapshots
-- (006-snapshot) it shares with other runs.

-- The host, as Xen reported it (xen/include/public/version.h:
-- XENVER_version, XENVER_extraversion, XENVER_capabilities), and how the
-- run was asked for.  run.xen_version holds the minor release ("4.17")
-- that names follow; xen_full_version is the whole one ("4.17.7-pre").
CREATE TABLE live_host (
    run_id           INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
    xen_full_version TEXT NOT NULL,
    xen_capabilities TEXT NOT NULL,
    event_mask       INTEGER NOT NULL,   -- xentrace -e
    duration         REAL,               -- seconds; NULL: until stopped
    snapshot_interval REAL,              -- seconds; NULL: start and end only
    started          INTEGER NOT NULL    -- 1: --start unpaused the domains
);

-- Every domain on the host when the run began.  selected: the run
-- snapshotted it (--domain, or every domain when none was named).
CREATE TABLE live_domain (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    domid       INTEGER NOT NULL,
    name        TEXT,                    -- from xenstore; NULL if unknown
    guest_type  TEXT NOT NULL CHECK (guest_type IN ('PV64', 'PV32', 'HVM', 'PVH')),
    vcpus       INTEGER NOT NULL,
    paused      INTEGER NOT NULL,        -- paused by the toolstack at start
    selected    INTEGER NOT NULL,
    PRIMARY KEY (run_id, domid)
) WITHOUT ROWID;

-- Each domain's shutdown state as Xen reported it (xc_domain_getinfolist:
-- XEN_DOMINF_shutdown, XEN_DOMINF_dying, the reason in the
-- XEN_DOMINF_shutdownshift bits of xen/include/public/domctl.h) when the
-- run began ('start', the domains of live_domain) and when it ended ('end',
-- every domain then on the host, dying ones too).  A domain absent at the
-- end had been destroyed.  shutdown_reason is SHUTDOWN_* (sched.h), NULL
-- unless shutdown; 3 is a crash, whether the guest or Xen declared it.
CREATE TABLE live_domain_state (
    run_id          INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    domid           INTEGER NOT NULL,
    phase           TEXT NOT NULL CHECK (phase IN ('start', 'end')),
    shutdown        INTEGER NOT NULL,
    shutdown_reason INTEGER,
    dying           INTEGER NOT NULL,
    PRIMARY KEY (run_id, domid, phase)
) WITHOUT ROWID;

-- A segment register that changed between two consecutive snapshots of one
-- vCPU: the guest loaded it (or, for HVM, its hidden part changed) in
-- between.  old_* and new_* are as in snapshot_segment; base, limit and
-- attr are NULL where the snapshots have selectors only (PV).
CREATE TABLE segment_load (
    run_id          INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    domid           INTEGER NOT NULL,
    vcpu            INTEGER NOT NULL,
    reg             TEXT NOT NULL
                    CHECK (reg IN ('cs', 'ss', 'ds', 'es', 'fs', 'gs', 'tr', 'ldtr')),
    before_snapshot INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    after_snapshot  INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    old_selector    INTEGER NOT NULL,
    new_selector    INTEGER NOT NULL,
    old_base        INTEGER,
    new_base        INTEGER,
    old_limit       INTEGER,
    new_limit       INTEGER,
    old_attr        INTEGER,
    new_attr        INTEGER
);
CREATE INDEX segment_load_by_vcpu ON segment_load (run_id, domid, vcpu);

-- What a live run could not read, and why (a GDT frame that would not map,
-- a domain that went away).  Absent facts stay absent; this says why.
CREATE TABLE live_problem (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    domid       INTEGER,
    vcpu        INTEGER,
    message     TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
