{{>HEADER}}
The segment state a PV guest starts with, after the Segments section of the Xen wiki page ''{{WIKI_PAGE:x-wiki}}'' and the <code>FLAT_*</code> selectors of <code>xen/include/public/arch-x86/xen-x86_64.h</code> and <code>xen-x86_32.h</code>, which Xen places in the GDT entries it reserves from <code>FIRST_RESERVED_GDT_ENTRY</code> (<code>arch-x86/xen.h</code>). Each Xen version has one section, over every vCPU snapshot of that version; a value names the runs, domains and vCPUs it was seen in, and the runs are listed in full under "Sources".
{{#NO_RUNS}}
This database holds no runs, so nothing was observed.
{{/NO_RUNS}}{{#NO_GROUP}}
Not observed: no run of this database holds a PV vCPU snapshot. <code>xabi collect --live --start</code> records a guest's start-of-day state.
{{/NO_GROUP}}
== In short ==

{{#GROUP}}{{#SUMMARY}}* '''Xen {{XEN:x-wiki}}, {{GUEST:x-wiki}}''': a guest starts with {{STATE:x-wiki}} (initial snapshots of {{WHO:x-wiki}}).
{{/SUMMARY}}{{/GROUP}}{{#REFUTED}}* '''Refuted:''' {{DOC:x-wiki}}: "{{SAYS:x-wiki}}": {{VERDICTS:x-wiki}}.
{{/REFUTED}}
{{#GROUP}}
== {{HEADING:x-wiki}} ==

''Observed in {{NRUNS:x-wiki}}:'' {{RUNS:x-wiki}}.

Rule SEG-001 on these snapshots, as <code>xabi check</code> recorded it: {{SEG001:x-wiki}}.

=== Initial selectors ===

{{>CLAIMS}}

=== Segment registers observed ===
{{#NO_SEGMENTS}}
Not observed: no vCPU snapshot of this version holds segment registers.
{{/NO_SEGMENTS}}
{{>SEGMENTS}}

=== Registers at the start of day ===

{{>INITIAL_REGS}}
{{/GROUP}}
== The kernels' entry notes ==

A PV kernel names its entry point in <code>XEN_ELFNOTE_ENTRY</code> and its hypercall page in <code>XEN_ELFNOTE_HYPERCALL_PAGE</code>; the initial RIP above is where Xen started it. From the kernel images collected (<code>xabi collect --image</code>):

{{#KERNEL_NOTE}}* run {{RUN:x-wiki}} ({{FILE:x-wiki}}): <code>{{NAME:x-wiki}}</code> = {{VALUE:x-wiki}}
{{/KERNEL_NOTE}}{{#KERNEL_NO_NOTE}}* run {{RUN:x-wiki}} ({{FILE:x-wiki}}): no <code>{{NAME:x-wiki}}</code> note
{{/KERNEL_NO_NOTE}}{{#NO_KERNELS}}* none: no kernel image was collected
{{/NO_KERNELS}}
== What the documentation says, and what Xen does ==

{{>CLAIMS_REGISTER}}

== The wiki's descriptors ==

{{>WIKI_DESC}}

== HVM real mode ==

The hidden state of an HVM or PVH vCPU's segment registers while it was in real mode (CR0.PE clear), read from Xen's HVM save record (<code>struct hvm_hw_cpu</code>, <code>xen/include/public/arch-x86/hvm/save.h</code>) in each snapshot: each distinct state once, with its hidden base, limit and attributes beside selector × 16, the base a real-mode load gives. The last column quotes rule HVM-001 as <code>xabi check</code> recorded it for the first snapshot that saw the state. Segment loads seen between two snapshots are listed with the mode of each snapshot.
{{#NO_HVM_RUNS}}
Not observed: no run holds a snapshot of an HVM or PVH vCPU. <code>xabi collect --live --snapshot-interval 1s</code> of an HVM guest records its real-mode states.
{{/NO_HVM_RUNS}}{{#HVM_RUN}}
=== {{HEADING:x-wiki}} ===

{{>PROVENANCE}}
{{#NO_REAL_MODE}}
Not observed: no snapshot of this run caught a vCPU in real mode with its hidden segment state.
{{/NO_REAL_MODE}}
{{>REAL_MODE}}
{{>REAL_MODE_LOADS}}
{{/HVM_RUN}}

== Hypercall page ==

The hypercall page a PV kernel names in the ELF note <code>XEN_ELFNOTE_HYPERCALL_PAGE</code> (<code>xen/include/public/elfnote.h</code>) is shown stub by stub, against the stubs Xen writes, on the page [[pv-hypercall-page|PV hypercall page]].

== Sources ==

{{>SOURCES}}
{{>FOOTER}}
