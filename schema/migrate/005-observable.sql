-- Schema version 4 -> 5: what a run could observe (schema/013-observable.sql)
-- and three NOT-OBSERVED reasons that name it: 'not-in-source',
-- 'not-traced', 'not-intercepted'.  Run in one transaction by the
-- migration runner.
--
-- finding.reason's CHECK gains the three reasons: SQLite cannot alter a
-- CHECK, so the table is rebuilt with every row kept (and the view on it
-- made again).

DROP VIEW finding_report;
ALTER TABLE finding RENAME TO finding_v3;
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
INSERT INTO finding SELECT * FROM finding_v3;
DROP TABLE finding_v3;
CREATE INDEX finding_by_run ON finding (run_id, rule_id);

CREATE VIEW finding_report AS
SELECT f.*, r.source_kind, r.source_path, r.source_sha256, r.xen_version,
       u.title AS rule_title, u.citation AS rule_citation,
       CASE f.verdict WHEN 'FAIL' THEN 4 WHEN 'WARN' THEN 3
                      WHEN 'INFO' THEN 2 WHEN 'PASS' THEN 1 ELSE 0 END
           AS severity_rank
  FROM finding f JOIN run r ON r.id = f.run_id
  LEFT JOIN rule u ON u.id = f.rule_id;

-- schema/013-observable.sql
CREATE TABLE trace_class (
    name    TEXT PRIMARY KEY,   -- the trace.h constant: class | subclass
    shows   TEXT NOT NULL       -- what its records show, for messages
) WITHOUT ROWID;
INSERT INTO trace_class (name, shows) VALUES
 ('TRC_PV_ENTRY',      'PV hypercalls, trap deliveries, page faults or emulations'),
 ('TRC_PV_SUBCALL',    'multicall sub-calls'),
 ('TRC_HVM_ENTRYEXIT', 'HVM VM exits'),
 ('TRC_HVM_HANDLER',   'HVM/PVH hypercalls or exceptions Xen intercepted or injected'),
 ('TRC_SCHED',         'scheduler records, which attribute records to a domain'),
 ('TRC_DOM0_DOMOPS',   'domain creations or destructions');

-- The class each fact kind is decoded from; NULL: from any trace.
ALTER TABLE fact_kind ADD COLUMN trc_class TEXT REFERENCES trace_class(name);
UPDATE fact_kind SET trc_class = 'TRC_PV_ENTRY'
 WHERE kind IN ('hypercall', 'page_fault', 'emul_privop', 'emulate_4gb',
                'forced_invalid_op', 'math_state_restore', 'paging_fixup',
                'gdt_ldt_mapping_fault', 'ptwr_emulation', 'hypercall_subop',
                'trap', 'hypercall_bad_args');
UPDATE fact_kind SET trc_class = 'TRC_PV_SUBCALL' WHERE kind = 'subcall';
UPDATE fact_kind SET trc_class = 'TRC_HVM_ENTRYEXIT' WHERE kind = 'hvm_exit';
UPDATE fact_kind SET trc_class = 'TRC_HVM_HANDLER'
 WHERE kind IN ('hvm_vmmcall', 'hvm_cr_write', 'hvm_lmsw',
                'hvm_realmode_emulate', 'hvm_inj_exc', 'hvm_trap');
UPDATE fact_kind SET trc_class = 'TRC_DOM0_DOMOPS'
 WHERE kind IN ('dom_create', 'dom_destroy');

-- v_run_class is made with the other views (090-views.sql), by the
-- views hash, when the database is opened.
