{{>HEADER}}
<p>How a PV guest receives exceptions and events, after Xen's <code>docs/guest-guide/x86/pv-traps.rst</code>: the guest hands Xen a trap table (<code>HYPERVISOR_set_trap_table</code>, <code>struct trap_info</code> in <code>xen/include/public/arch-x86/xen.h</code>: vector, flags with the DPL in bits 0&ndash;1 and the event-mask bit 2, code selector, handler) and registers callbacks (<code>HYPERVISOR_callback_op</code>, <code>CALLBACKTYPE_*</code> in <code>callback.h</code>); Xen then bounces each exception to the handler, with the error code where the CPU pushes one.</p>
<p>The trap table and the callbacks come from vCPU snapshots (<code>xabi collect --live</code>); the deliveries come from the trace (<code>TRC_PV_TRAP</code>, <code>TRC_HVM_INJ_EXC</code>, <code>TRC_HVM_TRAP</code>).</p>
<h2>What the documentation says, and what Xen does</h2>
{{#REFUTED}}<p class="warn"><strong>Refuted:</strong> {{DOC:h}}: &ldquo;{{SAYS:h}}&rdquo;: {{VERDICTS:h}}.</p>
{{/REFUTED}}
{{>CLAIMS_REGISTER}}
<h2>Xen's own gates</h2>
<p>A PV guest kernel runs outside ring 0, so an <code>INT $N</code> it executes passes the CPU's privilege check only where Xen's own gate for N allows ring 3; elsewhere the CPU raises #GP and Xen decides by the DPL the guest's trap table gives N. The gates below are what Xen's source sets (read at {{GATES_READ_AT:h}}); the claims above test those of vectors 3 and 4 on the Xen that ran.</p>
{{>XEN_GATES}}
{{#NO_RUNS}}<p class="none">This database holds no runs, so nothing was observed.</p>{{/NO_RUNS}}
{{#NO_GROUP}}<p class="none">No run of this database holds a PV vCPU snapshot or a trace, so nothing here was observed.</p>{{/NO_GROUP}}
{{#GROUP}}
<h2>{{HEADING:h}}</h2>
<p class="prov">Observed in {{NRUNS:h}}: {{RUNS:h}}.</p>
<h3>Trap table</h3>
{{#NO_TRAP_TABLE}}<p class="none">Not observed: no PV vCPU snapshot of this Xen version read a trap table.</p>{{/NO_TRAP_TABLE}}
{{#TRAP_TABLE_EMPTY}}<p>Run {{RUN:h}} {{WHO:h}}: trap table read, no entries installed.</p>
{{/TRAP_TABLE_EMPTY}}
{{>TRAP_TABLE}}
<h3>Callbacks</h3>
{{#NO_CALLBACKS}}<p class="none">Not observed: no PV vCPU snapshot of this Xen version holds callbacks.</p>{{/NO_CALLBACKS}}
{{>CALLBACKS}}
<h3>Traps delivered</h3>
{{#NO_TRAPS}}<p class="none">None recorded: these runs' traces record PV trap deliveries and the exceptions Xen injects into or intercepts in HVM and PVH guests, and hold none. An HVM or PVH guest's exceptions that Xen does not intercept never reach the trace.</p>{{/NO_TRAPS}}
{{#TRAPS_NOT_OBSERVED}}<p class="none">Not observed: {{WHY:h}}.</p>{{/TRAPS_NOT_OBSERVED}}
{{#CHART}}<figure>{{SVG:none}}</figure>
{{/CHART}}
{{>DELIVERED}}
{{/GROUP}}
<h2>Sources</h2>
{{>SOURCES}}
{{>FOOTER}}
