-- Findings of `xabi check`: what the analyzer's rules (analyzer/rules.c)
-- concluded about a run.
--
-- A finding is a verdict about the guest or Xen, never about xabi: PASS,
-- INFO, WARN or FAIL about something observed, or NOT-OBSERVED with the
-- reason the rule could not be evaluated.  xabi's own failures never reach
-- this table; a failed check leaves the previous findings in place.
--
-- Each finding names its evidence: the run, the domain and vCPU (NULL for a
-- run-wide finding, -1 for "no scheduler record says"), the TSC or the
-- snapshot, and the byte offset of the record in the source.

-- The rule registry as of the last check (analyzer/rules.c is the source;
-- `xabi check` refreshes this copy), so that readers of the database alone
-- (the generator's pages, the sqlite3 shell) have each rule's title,
-- citation and doc next to its findings.
CREATE TABLE rule (
    id          TEXT PRIMARY KEY,       -- stable, never reused
    title       TEXT NOT NULL,
    severity    TEXT NOT NULL,          -- the verdict when violated
    citation    TEXT NOT NULL,
    doc         TEXT NOT NULL,
    since       TEXT,                   -- Xen versions it applies to
    until       TEXT,
    reads       TEXT NOT NULL           -- trace, snapshot, catalogue
) WITHOUT ROWID;

CREATE TABLE check_run (
    run_id       INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
    checked_at   TEXT NOT NULL,             -- UTC, ISO 8601
    xabi_version TEXT NOT NULL,
    rules        TEXT                       -- the --rule ids, NULL: all
);

CREATE TABLE finding (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    rule_id      TEXT NOT NULL,             -- e.g. SEG-001; see `xabi rules`
    verdict      TEXT NOT NULL
                 CHECK (verdict IN ('PASS', 'INFO', 'WARN', 'FAIL',
                                    'NOT-OBSERVED')),
    reason       TEXT                       -- NOT-OBSERVED only
                 CHECK (reason IS NULL OR
                        reason IN ('no-scheduler-records', 'lost-records',
                                   'no-snapshot', 'no-catalogue',
                                   'no-facts', 'not-in-source',
                                   'not-traced', 'not-intercepted')),
    domid        INTEGER,                   -- NULL: the whole run
    vcpu         INTEGER,
    tsc          INTEGER,
    snapshot_id  INTEGER REFERENCES snapshot(id) ON DELETE SET NULL,
    offset       INTEGER,                   -- of the record in the source
    fact_kind    TEXT,
    fact_key     INTEGER,
    count        INTEGER,                   -- how many facts it covers
    message      TEXT NOT NULL,
    CHECK ((verdict = 'NOT-OBSERVED') = (reason IS NOT NULL))
);
CREATE INDEX finding_by_run ON finding (run_id, rule_id);

-- For readers (the generator, the sqlite3 shell): findings with their run's
-- provenance, worst first within a domain.
CREATE VIEW finding_report AS
SELECT f.*, r.source_kind, r.source_path, r.source_sha256, r.xen_version,
       u.title AS rule_title, u.citation AS rule_citation,
       CASE f.verdict WHEN 'FAIL' THEN 4 WHEN 'WARN' THEN 3
                      WHEN 'INFO' THEN 2 WHEN 'PASS' THEN 1 ELSE 0 END
           AS severity_rank
  FROM finding f JOIN run r ON r.id = f.run_id
  LEFT JOIN rule u ON u.id = f.rule_id;

-- Agreed with the collector: a TRC_PV_HYPERCALL_V2 record whose 2-bit
-- argument-width field holds the reserved code 3
-- (xen/include/public/trace.h: TRC_PV_HYPERCALL_V2) is stored as this row
-- kind, key = the op.  OR IGNORE: the collector's own definition wins.
INSERT OR IGNORE INTO fact_kind (kind, storage, key_meaning, description)
VALUES ('hypercall_bad_args', 'row', 'hypercall number',
        'TRC_PV_HYPERCALL_V2 record with the reserved argument-width code 3');
