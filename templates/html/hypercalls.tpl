{{>HEADER}}
<p>The hypercalls of each Xen version, as its public headers define them (<code>xen/include/public/xen.h</code>: <code>__HYPERVISOR_*</code>, with the x86-only, deprecated and compat marks of their comments), the guest types Xen's own dispatch tables wire each up for, and the calls observed: direct, inside multicalls, and from HVM or PVH guests through VMCALL/VMMCALL. Each Xen version has one table, over every trace of that version; a cell names the runs and domains that made the call (the runs are listed in full under &ldquo;Sources&rdquo;). A row marked <em>from the headers only (unverified)</em> is a hypercall no traced domain was seen to make.</p>
{{#NO_RUNS}}<p class="none">This database holds no runs, so nothing was observed. Collect one with <code>xabi collect FILE --xen-version V</code>.</p>{{/NO_RUNS}}
{{#NO_GROUP}}<p class="none">No run of this database is a trace, so no hypercall was observable: vCPU snapshots, kernel images and hypercall pages hold no hypercall records. Collect a trace with <code>xabi collect FILE --xen-version V</code>.</p>{{/NO_GROUP}}
{{#GROUP}}
<h2>{{HEADING:h}}</h2>
<p class="prov">Observed in {{NRUNS:h}}: {{RUNS:h}}.</p>
{{#NONE_OBSERVED}}<p class="none">None recorded: these traces record hypercalls (PV, multicall entries, HVM/PVH VMCALL/VMMCALL) and hold none.</p>{{/NONE_OBSERVED}}
{{#HYPERCALLS_NOT_OBSERVED}}<p class="none">Not observed: {{WHY:h}}.</p>{{/HYPERCALLS_NOT_OBSERVED}}
{{#NO_CATALOGUE}}<p class="none">The catalogue has no hypercalls for this Xen version.</p>{{/NO_CATALOGUE}}
{{#CHART}}<figure>{{SVG:none}}</figure>
{{/CHART}}
{{>TABLE}}
<h3>Sub-ops</h3>
{{#NO_SUBOPS}}<p class="none">No sub-ops: these traces hold no grant_table_op, vcpu_op or sched_op call, the hypercalls whose trace record carries its sub-op.</p>{{/NO_SUBOPS}}
{{>SUBOPS}}
{{/GROUP}}
<h2>Sources</h2>
{{>SOURCES}}
{{>FOOTER}}
