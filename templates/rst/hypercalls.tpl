{{>HEADER}}
The hypercalls of each Xen version, as its public headers define them
(``xen/include/public/xen.h``: ``__HYPERVISOR_*``, with the x86-only,
deprecated and compat marks of their comments), the guest types Xen's own
dispatch tables wire each up for, and the calls observed: direct, inside
multicalls, and from HVM or PVH guests through VMCALL/VMMCALL.  Each Xen
version has one table, over every trace of that version; a cell names the
runs and domains that made the call (the runs are listed in full under
"Sources").  A row marked *from the headers only (unverified)* is a
hypercall no traced domain was seen to make.
{{#NO_RUNS}}
.. note:: This database holds no runs, so nothing was observed.  Collect one
   with ``xabi collect FILE --xen-version V``.
{{/NO_RUNS}}{{#NO_GROUP}}
.. note:: No run of this database is a trace, so no hypercall was
   observable: vCPU snapshots, kernel images and hypercall pages hold no
   hypercall records.
{{/NO_GROUP}}{{#GROUP}}
{{HEADING:x-rst}}
{{HEADING_RULE:none}}

*Observed in {{NRUNS:x-rst}}:* {{RUNS:x-rst}}.
{{#NONE_OBSERVED}}
None recorded: these traces record hypercalls (PV, multicall entries,
HVM/PVH VMCALL/VMMCALL) and hold none.
{{/NONE_OBSERVED}}{{#HYPERCALLS_NOT_OBSERVED}}
Not observed: {{WHY:x-rst}}.
{{/HYPERCALLS_NOT_OBSERVED}}{{#NO_CATALOGUE}}
The catalogue has no hypercalls for this Xen version.
{{/NO_CATALOGUE}}
{{>TABLE}}

{{#NO_SUBOPS}}No sub-ops: these traces hold no grant_table_op, vcpu_op or sched_op
call, the hypercalls whose trace record carries its sub-op.
{{/NO_SUBOPS}}
{{>SUBOPS}}
{{/GROUP}}
Sources
-------

{{>SOURCES}}
{{>FOOTER}}
