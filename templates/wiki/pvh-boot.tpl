{{>HEADER}}
A PVH guest starts in 32-bit protected mode with paging off, at the entry point its kernel names in the ELF note <code>XEN_ELFNOTE_PHYS32_ENTRY</code>. Xen's <code>docs/misc/pvh.pandoc</code> promises the register and segment state below, and <code>EBX</code> pointing at <code>struct hvm_start_info</code> (<code>xen/include/public/arch-x86/hvm/start_info.h</code>). The observed column comes from the initial vCPU snapshot of each PVH guest (the HVM save record: selectors with their hidden base, limit and attributes). The finding column quotes rules PVH-001 to PVH-004 as <code>xabi check</code> recorded them for that snapshot; the page itself judges nothing.
== What the documentation says, and what Xen does ==
{{#REFUTED}}
* '''Refuted:''' {{DOC:x-wiki}}: "{{SAYS:x-wiki}}": {{VERDICTS:x-wiki}}.
{{/REFUTED}}

{{>CLAIMS_REGISTER}}

{{#NO_RUNS}}
This database holds no runs, so nothing was observed: the requirements are from the documentation only (unverified).
{{/NO_RUNS}}{{#NO_GROUP}}
Not observed: no run of this database holds a PVH vCPU snapshot, so the requirements are from the documentation only (unverified).
{{/NO_GROUP}}{{#GROUP}}
== {{HEADING:x-wiki}} ==

''Observed in {{NRUNS:x-wiki}}:'' {{RUNS:x-wiki}}.

{{>STATE}}
{{#ENTRY_RIP}}
Entry point: RIP at the first instruction {{RIPS:x-wiki}}; the kernels' <code>XEN_ELFNOTE_PHYS32_ENTRY</code> notes, where an image was collected, are below.
{{/ENTRY_RIP}}{{#NO_START_INFO}}
Not observed: no snapshot of this version read the <code>hvm_start_info</code> at EBX.
{{/NO_START_INFO}}
{{>START_INFO}}
{{/GROUP}}
== Xen ELF notes of the guest kernel ==

A kernel tells the domain builder how to load it in Xen ELF notes (<code>xen/include/public/elfnote.h</code>); a PVH kernel names its 32-bit entry point in <code>XEN_ELFNOTE_PHYS32_ENTRY</code>. The notes of kernel images collected with <code>xabi collect --image</code>:
{{#NO_IMAGES}}
Not observed: this database holds no kernel image (<code>xabi collect --image FILE</code> records one), so the notes below are from the headers only (unverified).
{{/NO_IMAGES}}{{#IMAGE}}
=== {{HEADING:x-wiki}} ===
{{#PHYS32}}
<code>XEN_ELFNOTE_PHYS32_ENTRY</code> = {{ENTRY:x-wiki}}: this kernel has a PVH entry point.
{{/PHYS32}}{{#NO_PHYS32}}
No <code>XEN_ELFNOTE_PHYS32_ENTRY</code>: this kernel cannot start as a PVH guest.
{{/NO_PHYS32}}{{#NO_NOTES}}
This image carries no Xen ELF notes.
{{/NO_NOTES}}
{{>IMG_NOTES}}
{{/IMAGE}}{{#NOTES}}
=== {{HEADING:x-wiki}} ===
{{#NO_ELFNOTES}}
The catalogue has no ELF notes for this Xen version.
{{/NO_ELFNOTES}}
{{>ELFNOTES}}
{{/NOTES}}
== Sources ==

{{>SOURCES}}
{{>FOOTER}}
