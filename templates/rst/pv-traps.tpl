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
What the documentation says, and what Xen does
----------------------------------------------
{{#REFUTED}}
- **Refuted:** {{DOC:x-rst}}: "{{SAYS:x-rst}}": {{VERDICTS:x-rst}}.
{{/REFUTED}}

{{>CLAIMS_REGISTER}}

Xen's own gates
----------------------------------------------

A PV guest kernel runs outside ring 0, so an ``INT $N`` it executes passes
the CPU's privilege check only where Xen's own gate for N allows ring 3;
elsewhere the CPU raises #GP and Xen decides by the DPL the guest's trap
table gives N.  The gates below are what Xen's source sets (read at
{{GATES_READ_AT:x-rst}}); the claims above test those of vectors 3 and 4 on
the Xen that ran.

{{>XEN_GATES}}

{{#NO_RUNS}}
.. note:: This database holds no runs, so nothing was observed.
{{/NO_RUNS}}{{#NO_GROUP}}
.. note:: No run of this database holds a PV vCPU snapshot or a trace, so nothing here was observed.
{{/NO_GROUP}}{{#GROUP}}
{{HEADING:x-rst}}
{{HEADING_RULE:none}}

*Observed in {{NRUNS:x-rst}}:* {{RUNS:x-rst}}.

**Trap table.**
{{#NO_TRAP_TABLE}}Not observed: no PV vCPU snapshot of this Xen version read a trap table.
{{/NO_TRAP_TABLE}}{{#TRAP_TABLE_EMPTY}}
Run {{RUN:x-rst}} {{WHO:x-rst}}: trap table read, no entries installed.
{{/TRAP_TABLE_EMPTY}}
{{>TRAP_TABLE}}

**Callbacks.**
{{#NO_CALLBACKS}}Not observed: no PV vCPU snapshot of this Xen version holds callbacks.
{{/NO_CALLBACKS}}
{{>CALLBACKS}}

**Traps delivered.**
{{#NO_TRAPS}}None recorded: these runs' traces record PV trap deliveries and the
exceptions Xen injects into or intercepts in HVM and PVH guests, and hold
none. An HVM or PVH guest's exceptions that Xen does not intercept never
reach the trace.
{{/NO_TRAPS}}{{#TRAPS_NOT_OBSERVED}}Not observed: {{WHY:x-rst}}.
{{/TRAPS_NOT_OBSERVED}}
{{>DELIVERED}}
{{/GROUP}}
Sources
-------

{{>SOURCES}}
{{>FOOTER}}
