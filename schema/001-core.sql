-- xabi core data model: runs and the facts observed in them.
--
-- Every fact carries its provenance: the run it came from (source file,
-- its SHA-256, the Xen version it was recorded on), the domain and vCPU it is
-- attributed to, the physical CPU, the TSC and the byte offset of the record
-- in the source.  schema/README.md describes each table for its readers
-- (analyzer/, generator/, and anyone with the sqlite3 shell).
--
-- Conventions:
--   * domid and vcpu are -1 when no scheduler record explains a record
--     ("unknown"); we never guess.  32767 is Xen's idle domain
--     (xen/include/public/xen.h: DOMID_IDLE).
--   * TSC values are raw cycle counts as Xen wrote them; 64-bit values are
--     stored as SQLite integers (two's complement above 2^63).
--   * kind names are stable strings listed in fact_kind.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per collected source.  AUTOINCREMENT: a run's id is never given
-- to another run, not even after `xabi rm` deleted the newest one, so an
-- id quoted in a report, a page or a script names one run for good.
CREATE TABLE run (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    source_kind     TEXT NOT NULL
                    CHECK (source_kind IN ('trace', 'live', 'snapshot', 'image',
                                           'hcpage')),
    source_path     TEXT NOT NULL,
    source_size     INTEGER NOT NULL,
    source_sha256   TEXT NOT NULL,
    xen_version     TEXT NOT NULL,
    label           TEXT,
    collected_at    TEXT NOT NULL,              -- UTC, ISO 8601
    xabi_version    TEXT NOT NULL,
    status          TEXT NOT NULL
                    CHECK (status IN ('complete', 'truncated', 'salvaged')),
    status_detail   TEXT,                       -- why truncated or salvaged
    keep_all        INTEGER NOT NULL DEFAULT 0,
    records         INTEGER NOT NULL DEFAULT 0, -- every record read
    lost_records    INTEGER NOT NULL DEFAULT 0, -- sum of TRC_LOST_RECORDS counts
    unknown_records INTEGER NOT NULL DEFAULT 0, -- records with no domain
    reordered       INTEGER NOT NULL DEFAULT 0, -- records merged out of TSC order
    first_tsc       INTEGER,
    last_tsc        INTEGER,
    UNIQUE (source_kind, source_sha256)
);

-- A run collected from several files (`collect --snapshot A --snapshot B`):
-- each file in the order given, with its own size and SHA-256.  The run's
-- source_sha256 is over their bytes joined, so that the same dumps are
-- recognised as one source; these say which file is which.
CREATE TABLE run_file (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,           -- 0, 1, ...: the order given
    path        TEXT NOT NULL,              -- as given to collect
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

-- Per physical CPU of a trace: the windows xentrace wrote for it.
CREATE TABLE pcpu (
    run_id          INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    pcpu            INTEGER NOT NULL,
    windows         INTEGER NOT NULL,
    records         INTEGER NOT NULL,
    lost_records    INTEGER NOT NULL,   -- sum of the lost counts
    lost_events     INTEGER NOT NULL,   -- TRC_LOST_RECORDS records seen
    unknown_records INTEGER NOT NULL,   -- records before any scheduler record
    first_tsc       INTEGER,
    last_tsc        INTEGER,
    PRIMARY KEY (run_id, pcpu)
) WITHOUT ROWID;

CREATE TABLE domain (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    domid       INTEGER NOT NULL,       -- -1: unknown
    records     INTEGER NOT NULL,
    first_tsc   INTEGER,
    last_tsc    INTEGER,
    PRIMARY KEY (run_id, domid)
) WITHOUT ROWID;

CREATE TABLE vcpu (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    domid       INTEGER NOT NULL,
    vcpu        INTEGER NOT NULL,       -- -1: unknown
    records     INTEGER NOT NULL,
    first_tsc   INTEGER,
    last_tsc    INTEGER,
    PRIMARY KEY (run_id, domid, vcpu)
) WITHOUT ROWID;

-- Every event id seen in a run, whether or not xabi decodes it.
CREATE TABLE event_count (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    event       INTEGER NOT NULL,       -- 28-bit id, TRC_HD_TO_EVENT()
    count       INTEGER NOT NULL,
    decoded     INTEGER NOT NULL,       -- 1 if xabi decodes this id
    PRIMARY KEY (run_id, event)
) WITHOUT ROWID;

-- The kinds of fact the collector decodes, and how they are stored.
CREATE TABLE fact_kind (
    kind        TEXT PRIMARY KEY,
    storage     TEXT NOT NULL CHECK (storage IN ('aggregate', 'row')),
    key_meaning TEXT NOT NULL,
    description TEXT NOT NULL
) WITHOUT ROWID;

-- Hot facts, aggregated per run, domain, vCPU, kind and key.
CREATE TABLE fact_agg (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    domid       INTEGER NOT NULL,
    vcpu        INTEGER NOT NULL,
    kind        TEXT NOT NULL REFERENCES fact_kind(kind),
    key         INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    with_error_code INTEGER NOT NULL DEFAULT 0,
    first_tsc   INTEGER,
    last_tsc    INTEGER,
    PRIMARY KEY (run_id, domid, vcpu, kind, key)
) WITHOUT ROWID;

-- One row per fact: rare, significant records (traps, injected exceptions,
-- lost records, domain lifecycle, undecoded events), the first few samples
-- of every aggregate (sample > 0), and with --keep-all every decoded record.
CREATE TABLE fact (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    domid       INTEGER NOT NULL,
    vcpu        INTEGER NOT NULL,
    pcpu        INTEGER NOT NULL,
    tsc         INTEGER,
    offset      INTEGER NOT NULL,       -- byte offset of the record in the source
    event       INTEGER NOT NULL,
    kind        TEXT NOT NULL REFERENCES fact_kind(kind),
    key         INTEGER NOT NULL,
    sample      INTEGER NOT NULL DEFAULT 0, -- n-th sample of its aggregate, or 0
    is_64bit    INTEGER NOT NULL DEFAULT 0,
    rip         INTEGER,
    addr        INTEGER,
    error_code  INTEGER,                -- NULL: the record carries none
    argmask     INTEGER NOT NULL DEFAULT 0, -- bit i: args[i] present
    arg0 INTEGER, arg1 INTEGER, arg2 INTEGER,
    arg3 INTEGER, arg4 INTEGER, arg5 INTEGER
);
CREATE INDEX fact_by_kind ON fact (run_id, kind, key);
CREATE INDEX fact_by_vcpu ON fact (run_id, domid, vcpu, tsc);

-- TRC_LOST_RECORDS, and the span of time in which records were lost.
CREATE TABLE lost (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    pcpu        INTEGER NOT NULL,
    offset      INTEGER NOT NULL,
    count       INTEGER NOT NULL,       -- records lost
    domid       INTEGER NOT NULL,       -- running when the loss was noted
    vcpu        INTEGER NOT NULL,
    first_tsc   INTEGER NOT NULL,       -- TSC of the first lost record
    tsc         INTEGER NOT NULL,       -- when the loss was written: span end
    PRIMARY KEY (run_id, pcpu, offset)
) WITHOUT ROWID;

-- With --keep-all: every record of the trace, one row each, in the order
-- the collector read them (merged by TSC).  Small and quick to load on
-- purpose (schema 10): the kind is an integer (event_kind), the extra words
-- one packed blob, and no index and no foreign key to keep up per row (a
-- run's rows lie together, in id order; deleting a run deletes them by
-- name, store/facts.c: xabi_store_run_delete).  What rules and pages read
-- stays in fact_agg and fact, as without --keep-all; events are for
-- queries that need every record.
CREATE TABLE event_kind (
    code        INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL UNIQUE REFERENCES fact_kind(kind)
);
CREATE TABLE event (
    id          INTEGER PRIMARY KEY,    -- read order
    run_id      INTEGER NOT NULL,       -- run(id); see above for why no REFERENCES
    offset      INTEGER NOT NULL,       -- byte offset of the record in the source
    pcpu        INTEGER NOT NULL,
    tsc         INTEGER,                -- NULL: no TSC known yet on its pCPU
    event       INTEGER NOT NULL,       -- the event id, TRC_*
    domid       INTEGER NOT NULL,       -- attributed to; -1: unknown
    vcpu        INTEGER NOT NULL,
    kind        INTEGER,                -- event_kind.code of its fact; NULL: none
    extra       BLOB                    -- the extra words, little-endian; NULL: none
);

