-- The fact kinds the collector decodes.  'aggregate' kinds are hot and kept
-- as counts in fact_agg with a few samples in fact; 'row' kinds are rare and
-- significant, one fact row each.  Event ids are cited from
-- xen/include/public/trace.h.
INSERT INTO fact_kind (kind, storage, key_meaning, description) VALUES
 ('hypercall',          'aggregate', 'hypercall number',
  'PV hypercall: TRC_PV_HYPERCALL_V2, or TRC_PV_HYPERCALL (Xen 4.2 and earlier)'),
 ('subcall',            'aggregate', 'hypercall number',
  'a call inside a multicall: TRC_PV_HYPERCALL_SUBCALL'),
 ('page_fault',         'aggregate', 'page-fault error code',
  'PV page fault reflected to the guest: TRC_PV_PAGE_FAULT'),
 ('emul_privop',        'aggregate', '0',
  'privileged instruction emulated by Xen: TRC_PV_EMULATE_PRIVOP'),
 ('emulate_4gb',        'aggregate', '0',
  'segment-limit emulation of a 32-bit PV guest: TRC_PV_EMULATE_4GB'),
 ('forced_invalid_op',  'aggregate', '0',
  'forced invalid opcode (ud2; .ascii "xen"): TRC_PV_FORCED_INVALID_OP'),
 ('math_state_restore', 'aggregate', '0',
  'lazy FPU state restore: TRC_PV_MATH_STATE_RESTORE'),
 ('paging_fixup',       'aggregate', '0',
  'page fault fixed up by Xen: TRC_PV_PAGING_FIXUP'),
 ('gdt_ldt_mapping_fault', 'aggregate', '0',
  'fault on the GDT/LDT shadow mapping: TRC_PV_GDT_LDT_MAPPING_FAULT'),
 ('ptwr_emulation',     'aggregate', '0',
  'write to a page-table page emulated: TRC_PV_PTWR_EMULATION(_PAE)'),
 ('hypercall_subop',    'aggregate', 'hypercall number << 32 | sub-op',
  'the sub-op of a grant_table_op, vcpu_op or sched_op call, the ones whose ' ||
  'trace record carries it (xen/common/trace.c: __trace_hypercall)'),
 ('hvm_exit',           'aggregate', 'VMX or SVM exit reason',
  'HVM VM exit: TRC_HVM_VMEXIT, TRC_HVM_VMEXIT64'),
 ('hvm_vmmcall',        'aggregate', 'hypercall number (eax)',
  'hypercall from an HVM or PVH guest: TRC_HVM_VMMCALL'),
 ('hvm_cr_write',       'aggregate', 'control register number',
  'guest CR write intercepted: TRC_HVM_CR_WRITE(64)'),
 ('hvm_lmsw',           'aggregate', '0',
  'LMSW intercepted: TRC_HVM_LMSW(64)'),
 ('hvm_realmode_emulate', 'aggregate', '0',
  'real-mode instruction emulated: TRC_HVM_REALMODE_EMULATE'),
 ('trap',               'row',       'vector',
  'exception or interrupt delivered to a PV guest: TRC_PV_TRAP'),
 ('hvm_inj_exc',        'row',       'vector',
  'exception injected into an HVM guest: TRC_HVM_INJ_EXC'),
 ('hvm_trap',           'row',       'vector',
  'exception intercepted in an HVM guest: TRC_HVM_TRAP'),
 ('hypercall_bad_args', 'row',       'hypercall number',
  'a TRC_PV_HYPERCALL_V2 record using the reserved argument code 3'),
 ('dom_create',         'row',       'domid',
  'domain created: TRC_DOM0_DOM_ADD (domain_create), TRC_SCHED_DOM_ADD ' ||
  '(sched_init_domain); the key is the new domain'),
 ('dom_destroy',        'row',       'domid',
  'domain destroyed: TRC_DOM0_DOM_REM (domain_destroy), TRC_SCHED_DOM_REM ' ||
  '(sched_destroy_domain); the key is the domain'),
 ('lost_records',       'row',       'records lost',
  'Xen could not write records: TRC_LOST_RECORDS'),
 ('unknown_event',      'row',       'event id',
  'an event id xabi has no name for; counted in event_count, first ones kept'),
 ('dom_shutdown',       'row',       'shutdown reason (SHUTDOWN_*)',
  'a guest asked to shut down (SCHEDOP_shutdown): TRC_SCHED_SHUTDOWN; ' ||
  'arg0 the domid, arg1 the vCPU; a crash Xen imposes writes no record'),
 ('dom_shutdown_code',  'row',       'shutdown reason (SHUTDOWN_*)',
  'a guest set the reason of a later shutdown (SCHEDOP_shutdown_code): ' ||
  'TRC_SCHED_SHUTDOWN_CODE; arg0 the domid, arg1 the vCPU'),
 ('save_header',        'row',       'header (collector/save.h: XABI_SAVE_HDR_*)',
  'a header of an xl save image: 1 xl (args: mandatory and optional ' ||
  'flags, optional data length), 2 libxl (version, options), 3 libxc ' ||
  '(version, options), 4 domain (type, page shift, xen_major, ' ||
  'xen_minor), 5 X86_PV_INFO (guest width, page-table levels)'),
 ('save_record',        'row',       'record type',
  'a record type in an xl save image: arg0 the stream (0 libxl, 1 libxc), ' ||
  'arg1 how many, arg2 their bytes, arg3 1 read or known, 2 unknown and ' ||
  'optional (skipped), 3 unknown and mandatory (skipped: NOT-OBSERVED); ' ||
  'offset: the first');
