{{>HEADER}}
How a PV guest receives exceptions and events, after Xen's
``docs/guest-guide/x86/pv-traps.rst``: the guest hands Xen a trap table
(``HYPERVISOR_set_trap_table``, ``struct trap_info`` in
``xen/include/public/arch-x86/xen.h``: vector, flags with the DPL in bits 0-1
and the event-mask bit 2, code selector, handler) and registers callbacks
(``HYPERVISOR_callback_op``, ``CALLBACKTYPE_*`` in ``callback.h``); Xen then
bounces each exception to the handler, with the error code where the CPU
pushes one.

The trap table and the callbacks come from vCPU snapshots
(``xabi collect --live``); the deliveries come from the trace
(``TRC_PV_TRAP``, ``TRC_HVM_INJ_EXC``, ``TRC_HVM_TRAP``).
{{#NO_RUNS}}
.. note:: This database holds no runs, so nothing was observed.
{{/NO_RUNS}}{{#RUN}}
{{HEADING:x-rst}}
{{HEADING_RULE:none}}

{{>PROVENANCE}}

**Trap table.**
{{#NO_TRAP_TABLE}}Not observed: no vCPU snapshot of this run read a trap table.
{{/NO_TRAP_TABLE}}{{#TRAP_TABLE_EMPTY}}
{{WHO:x-rst}}: trap table read, no entries installed.
{{/TRAP_TABLE_EMPTY}}
{{>TRAP_TABLE}}

**Callbacks.**
{{#NO_CALLBACKS}}Not observed: this run has no vCPU snapshot with callbacks.
{{/NO_CALLBACKS}}
{{>CALLBACKS}}

**Traps delivered.**
{{#NO_TRAPS}}None recorded: this run's trace records PV trap deliveries and the
exceptions Xen injects into or intercepts in HVM and PVH guests, and holds
none. An HVM or PVH guest's exceptions that Xen does not intercept never
reach the trace.
{{/NO_TRAPS}}{{#TRAPS_NOT_OBSERVED}}Not observed: {{WHY:x-rst}}.
{{/TRAPS_NOT_OBSERVED}}
{{>DELIVERED}}
{{/RUN}}
{{>FOOTER}}
