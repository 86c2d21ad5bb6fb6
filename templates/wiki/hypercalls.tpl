{{>HEADER}}
The hypercalls of each run's Xen version, as its public headers define them (<code>xen/include/public/xen.h</code>: <code>__HYPERVISOR_*</code>, with the x86-only, deprecated and compat marks of their comments), next to the calls each domain was observed to make: direct, inside multicalls, and from HVM or PVH guests through VMCALL/VMMCALL. A row marked ''from the headers only (unverified)'' is a hypercall no domain was seen to make in that run.
{{#NO_RUNS}}
This database holds no runs, so nothing was observed. Collect one with <code>xabi collect FILE --xen-version V</code>.
{{/NO_RUNS}}{{#RUN}}
== {{HEADING:x-wiki}} ==

{{>PROVENANCE}}
{{#NONE_OBSERVED}}
None recorded: this run's trace records hypercalls (PV, multicall entries, HVM/PVH VMCALL/VMMCALL) and holds none.
{{/NONE_OBSERVED}}{{#HYPERCALLS_NOT_OBSERVED}}
Not observed: {{WHY:x-wiki}}.
{{/HYPERCALLS_NOT_OBSERVED}}{{#NO_CATALOGUE}}
The catalogue has no hypercalls for this Xen version.
{{/NO_CATALOGUE}}
{{>TABLE}}

=== Sub-ops ===
{{#NO_SUBOPS}}
No sub-ops: this run has no grant_table_op, vcpu_op or sched_op call, the hypercalls whose trace record carries its sub-op.
{{/NO_SUBOPS}}
{{>SUBOPS}}
{{/RUN}}
{{>FOOTER}}
