-- What a run could have observed, so that absence is stated only where
-- the source could have shown a presence.
--
-- A fact kind comes from one class of trace record (trace_class, named by
-- its xen/include/public/trace.h constant; the mask is read from the
-- catalogue of the run's version).  Xen writes a record only if the trace
-- event mask (xentrace -e) selects its class and subclass
-- (xen/common/trace.c: __trace_var), so:
--   * a run that is not a trace ('snapshot', 'image', 'hcpage') holds no
--     trace record at all: reason 'not-in-source';
--   * a live run whose event mask (live_host.event_mask) excluded the
--     class: reason 'not-traced'; and a trace file with no record of the
--     class at all, as a trace file does not keep its mask: the mask
--     excluded the class, or nothing of it happened, and the file cannot
--     say which (also 'not-traced', saying so).
-- v_run_class says, per run and class, whether the class was traced and,
-- if not, why; the analyzer's NOT-OBSERVED findings and the pages' "not
-- observed" text both read it.  Exceptions of HVM and PVH guests reach the
-- trace only when Xen intercepts or injects them (TRC_HVM_TRAP,
-- TRC_HVM_INJ_EXC): the analyzer says so per guest ('not-intercepted').

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
