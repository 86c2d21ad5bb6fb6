{{>HEADER}}
The hypercalls of each run's Xen version, as its public headers define them
(``xen/include/public/xen.h``: ``__HYPERVISOR_*``, with the x86-only,
deprecated and compat marks of their comments), next to the calls each domain
was observed to make: direct, inside multicalls, and from HVM or PVH guests
through VMCALL/VMMCALL.  A row marked *from the headers only (unverified)* is
a hypercall no domain was seen to make in that run.
{{#NO_RUNS}}
.. note:: This database holds no runs, so nothing was observed.  Collect one
   with ``xabi collect FILE --xen-version V``.
{{/NO_RUNS}}{{#RUN}}
{{HEADING:x-rst}}
{{HEADING_RULE:none}}

{{>PROVENANCE}}
{{#NONE_OBSERVED}}
None recorded: this run's trace records hypercalls (PV, multicall entries,
HVM/PVH VMCALL/VMMCALL) and holds none.
{{/NONE_OBSERVED}}{{#HYPERCALLS_NOT_OBSERVED}}
Not observed: {{WHY:x-rst}}.
{{/HYPERCALLS_NOT_OBSERVED}}{{#NO_CATALOGUE}}
The catalogue has no hypercalls for this Xen version.
{{/NO_CATALOGUE}}
{{>TABLE}}

{{#NO_SUBOPS}}No sub-ops: this run has no grant_table_op, vcpu_op or sched_op call, the
hypercalls whose trace record carries its sub-op.
{{/NO_SUBOPS}}
{{>SUBOPS}}
{{/RUN}}
{{>FOOTER}}
