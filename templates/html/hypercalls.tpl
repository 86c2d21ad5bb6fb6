{{>HEADER}}
<p>The hypercalls of each run's Xen version, as its public headers define them (<code>xen/include/public/xen.h</code>: <code>__HYPERVISOR_*</code>, with the x86-only, deprecated and compat marks of their comments), next to the calls each domain was observed to make: direct, inside multicalls, and from HVM or PVH guests through VMCALL/VMMCALL. A row marked <em>from the headers only (unverified)</em> is a hypercall no domain was seen to make in that run.</p>
{{#NO_RUNS}}<p class="none">This database holds no runs, so nothing was observed. Collect one with <code>xabi collect FILE --xen-version V</code>.</p>{{/NO_RUNS}}
{{#RUN}}
<h2>{{HEADING:h}}</h2>
{{>PROVENANCE}}
{{#NONE_OBSERVED}}<p class="none">None recorded: this run's trace records hypercalls (PV, multicall entries, HVM/PVH VMCALL/VMMCALL) and holds none.</p>{{/NONE_OBSERVED}}
{{#HYPERCALLS_NOT_OBSERVED}}<p class="none">Not observed: {{WHY:h}}.</p>{{/HYPERCALLS_NOT_OBSERVED}}
{{#NO_CATALOGUE}}<p class="none">The catalogue has no hypercalls for this Xen version.</p>{{/NO_CATALOGUE}}
{{#CHART}}<figure>{{SVG:none}}</figure>
{{/CHART}}
{{>TABLE}}
<h3>Sub-ops</h3>
{{#NO_SUBOPS}}<p class="none">No sub-ops: this run has no grant_table_op, vcpu_op or sched_op call, the hypercalls whose trace record carries its sub-op.</p>{{/NO_SUBOPS}}
{{>SUBOPS}}
{{/RUN}}
{{>FOOTER}}
