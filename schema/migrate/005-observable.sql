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

-- Per run and trace class: traced 1 or 0; when 0, reason and detail.
CREATE VIEW v_run_class AS
SELECT run_id, class, shows, mask, traced,
       CASE WHEN traced THEN NULL
            WHEN source_kind NOT IN ('trace', 'live') THEN 'not-in-source'
            ELSE 'not-traced' END AS reason,
       CASE WHEN traced THEN NULL
            WHEN source_kind NOT IN ('trace', 'live') THEN
                 printf('run %d is a %s, not a trace: it holds no trace ' ||
                        'records, so no %s could be observed',
                        run_id, source_kind, shows)
            WHEN source_kind = 'live' THEN
                 printf('the run''s event mask 0x%08x excluded %s ' ||
                        '(0x%08x), so no %s could be observed',
                        event_mask, class, mask, shows)
            ELSE printf('the trace holds no %s record (0x%08x) at all: ' ||
                        'its event mask excluded the class, or nothing of ' ||
                        'the class happened (a trace file does not keep ' ||
                        'its mask), so no %s could be observed',
                        class, mask, shows) END AS detail
  FROM (SELECT x.*,
               CASE WHEN source_kind NOT IN ('trace', 'live') THEN 0
                    WHEN source_kind = 'live' THEN
                         coalesce(((event_mask >> 16) & (mask >> 16) & 4095) != 0
                              AND ((event_mask >> 12) & (mask >> 12) & 15) != 0,
                                  1)
                    ELSE EXISTS (SELECT 1 FROM event_count e
                                  WHERE e.run_id = x.run_id
                                    AND ((e.event >> 16) & (mask >> 16) & 4095) != 0
                                    AND ((e.event >> 12) & (mask >> 12) & 15) != 0)
               END AS traced
          FROM (SELECT r.id AS run_id, r.source_kind, c.name AS class,
                       c.shows, h.event_mask,
                       coalesce((SELECT a.value FROM abi_constant a
                                  WHERE a.kind = 'trc' AND a.name = c.name
                                    AND a.version = r.xen_version),
                                (SELECT max(a.value) FROM abi_constant a
                                  WHERE a.kind = 'trc' AND a.name = c.name),
                                268431360) AS mask -- else TRC_ALL
                  FROM run r CROSS JOIN trace_class c
                  LEFT JOIN live_host h ON h.run_id = r.id) x);
