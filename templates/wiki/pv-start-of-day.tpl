{{>HEADER}}
The segment state a PV guest starts with, set against the Segments and Hypercall-page sections of the Xen wiki page ''{{WIKI_PAGE:x-wiki}}''. Xen reserves GDT entries from <code>FIRST_RESERVED_GDT_ENTRY</code> (<code>xen/include/public/arch-x86/xen.h</code>) for its flat selectors, <code>FLAT_KERNEL_*</code> and <code>FLAT_USER_*</code> in <code>arch-x86/xen-x86_64.h</code> and <code>xen-x86_32.h</code>. Where the wiki or the header comments say otherwise, both are shown, with what was observed. The evidence column quotes rule SEG-001 as <code>xabi check</code> recorded it for each snapshot.

== Segments ==

{{>WIKI_DESC}}
{{#NO_RUNS}}
This database holds no runs, so nothing was observed: every selector here is from the headers only (unverified).
{{/NO_RUNS}}{{#RUN}}
=== {{HEADING:x-wiki}} ===

{{>PROVENANCE}}

{{>CLAIMS}}
{{#NO_SEGMENTS}}
Not observed: this run has no vCPU snapshot, so the selectors above are from the headers only (unverified). <code>xabi collect --live --start</code> records a guest's start-of-day state.
{{/NO_SEGMENTS}}
{{>SEGMENTS}}
{{/RUN}}
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

The hypercall page a PV kernel names in the ELF note <code>XEN_ELFNOTE_HYPERCALL_PAGE</code> (<code>xen/include/public/elfnote.h</code>), which Xen fills with one 32-byte stub per hypercall, is read by <code>xabi collect --hypercall-page</code> and by a live run; the page &ldquo;PV hypercall page&rdquo; shows each collected page stub by stub against the stubs Xen writes (rules HCPAGE-001 and HCPAGE-002).
{{>FOOTER}}
