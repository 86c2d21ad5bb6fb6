{{>HEADER}}
The segment state a PV guest starts with, after the Segments section of the
Xen wiki page *{{WIKI_PAGE:x-rst}}* and the ``FLAT_*`` selectors of
``xen/include/public/arch-x86/xen-x86_64.h`` and ``xen-x86_32.h``, which Xen
places in the GDT entries it reserves from ``FIRST_RESERVED_GDT_ENTRY``
(``arch-x86/xen.h``).  Each Xen version has one section, over every vCPU
snapshot of that version; a value names the runs, domains and vCPUs it was
seen in, and the runs are listed in full under "Sources".
{{#NO_RUNS}}
.. note:: This database holds no runs, so nothing was observed.
{{/NO_RUNS}}{{#NO_GROUP}}
.. note:: Not observed: no run of this database holds a PV vCPU snapshot.
   ``xabi collect --live --start`` records a guest's start-of-day state.
{{/NO_GROUP}}
In short
--------

{{#GROUP}}{{#SUMMARY}}- **Xen {{XEN:x-rst}}, {{GUEST:x-rst}}**: a guest starts with {{STATE:x-rst}} (initial snapshots of {{WHO:x-rst}}).
{{/SUMMARY}}{{/GROUP}}{{#REFUTED}}- **Refuted:** {{DOC:x-rst}}: "{{SAYS:x-rst}}": {{VERDICTS:x-rst}}.
{{/REFUTED}}
{{#GROUP}}
{{HEADING:x-rst}}
{{HEADING_RULE:none}}

*Observed in {{NRUNS:x-rst}}:* {{RUNS:x-rst}}.

Rule SEG-001 on these snapshots, as ``xabi check`` recorded it: {{SEG001:x-rst}}.

**Initial selectors.**

{{>CLAIMS}}

**Segment registers observed.**

{{#NO_SEGMENTS}}Not observed: no vCPU snapshot of this version holds segment registers.
{{/NO_SEGMENTS}}
{{>SEGMENTS}}

**Registers at the start of day.**

{{>INITIAL_REGS}}
{{/GROUP}}

The kernels' entry notes
------------------------

A PV kernel names its entry point in ``XEN_ELFNOTE_ENTRY`` and its hypercall
page in ``XEN_ELFNOTE_HYPERCALL_PAGE``; the initial RIP above is where Xen
started it.  From the kernel images collected (``xabi collect --image``):

{{#KERNEL_NOTE}}- run {{RUN:x-rst}} ({{FILE:x-rst}}): ``{{NAME:x-rst}}`` = {{VALUE:x-rst}}
{{/KERNEL_NOTE}}{{#KERNEL_NO_NOTE}}- run {{RUN:x-rst}} ({{FILE:x-rst}}): no ``{{NAME:x-rst}}`` note
{{/KERNEL_NO_NOTE}}{{#NO_KERNELS}}- none: no kernel image was collected
{{/NO_KERNELS}}
What the documentation says, and what Xen does
----------------------------------------------

{{>CLAIMS_REGISTER}}

The wiki's descriptors
----------------------

{{>WIKI_DESC}}

HVM real mode
-------------

The hidden state of an HVM or PVH vCPU's segment registers while it was in
real mode (CR0.PE clear), read from Xen's HVM save record (``struct
hvm_hw_cpu``, ``xen/include/public/arch-x86/hvm/save.h``) in each snapshot:
each distinct state once, with its hidden base, limit and attributes beside
selector × 16, the base a real-mode load gives.  The last column quotes rule
HVM-001 as ``xabi check`` recorded it for the first snapshot that saw the
state.  Segment loads seen between two snapshots are listed with the mode of
each snapshot.

{{#NO_HVM_RUNS}}Not observed: no run holds a snapshot of an HVM or PVH vCPU.
``xabi collect --live --snapshot-interval 1s`` of an HVM guest records its
real-mode states.
{{/NO_HVM_RUNS}}{{#HVM_RUN}}
{{HEADING:x-rst}}
{{HEADING_RULE:none}}

{{>PROVENANCE}}

{{#NO_REAL_MODE}}Not observed: no snapshot of this run caught a vCPU in real
mode with its hidden segment state.
{{/NO_REAL_MODE}}
{{>REAL_MODE}}

{{>REAL_MODE_LOADS}}
{{/HVM_RUN}}

Hypercall page
--------------

The hypercall page a PV kernel names in the ELF note
``XEN_ELFNOTE_HYPERCALL_PAGE`` (``xen/include/public/elfnote.h``) is shown
stub by stub, against the stubs Xen writes, on the page "PV hypercall page".

Sources
-------

{{>SOURCES}}
{{>FOOTER}}
