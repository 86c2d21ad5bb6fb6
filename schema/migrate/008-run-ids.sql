-- Schema version 7 -> 8: run ids are never reused.  schema/001-core.sql's
-- run.id became INTEGER PRIMARY KEY: without it SQLite gives
-- a new run max(id) + 1, so after `xabi rm` of the newest run the next
-- collect took its id, and a report or page naming "run 5" named another
-- run.  Run by the migration runner in one transaction, before it turns
-- foreign keys on.
--
-- SQLite cannot add AUTOINCREMENT to a table, so run is rebuilt with every
-- row and id kept; copying the ids sets sqlite_sequence to the highest one.
-- legacy_alter_table: the rename then neither rewrites nor re-parses the
-- views and foreign keys that name "run", which name the new table once
-- it is renamed.  Foreign keys are off here, so dropping the old table
-- cascades nowhere.
--
-- With foreign keys on, DROP TABLE run would delete every row that hangs
-- off a run: the step refuses to run then (the CHECK fails, the upgrade
-- rolls back and names this file) rather than lose them.
CREATE TEMP TABLE migrate_008_foreign_keys_off (on_ INTEGER CHECK (on_ = 0));
INSERT INTO migrate_008_foreign_keys_off SELECT foreign_keys FROM pragma_foreign_keys;
DROP TABLE migrate_008_foreign_keys_off;
PRAGMA legacy_alter_table = ON;
CREATE TABLE run_v8 (
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
INSERT INTO run_v8 SELECT * FROM run;
DROP TABLE run;
ALTER TABLE run_v8 RENAME TO run;
PRAGMA legacy_alter_table = OFF;
