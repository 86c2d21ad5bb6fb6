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

-- Its view, v_run_class, is in 090-views.sql with the others.
