{{>HEADER}}
<p>A PVH guest starts in 32-bit protected mode with paging off, at the entry point its kernel names in the ELF note <code>XEN_ELFNOTE_PHYS32_ENTRY</code>. Xen's <code>docs/misc/pvh.pandoc</code> promises the register and segment state below, and <code>EBX</code> pointing at <code>struct hvm_start_info</code> (<code>xen/include/public/arch-x86/hvm/start_info.h</code>). The observed column comes from the initial vCPU snapshot of each PVH guest (the HVM save record: selectors with their hidden base, limit and attributes). The finding column quotes rules PVH-001 to PVH-004 as <code>xabi check</code> recorded them for that snapshot; the page itself judges nothing.</p>
<h2>What the documentation says, and what Xen does</h2>
{{#REFUTED}}<p class="warn"><strong>Refuted:</strong> {{DOC:h}}: &ldquo;{{SAYS:h}}&rdquo;: {{VERDICTS:h}}.</p>
{{/REFUTED}}
{{>CLAIMS_REGISTER}}
{{#NO_RUNS}}<p class="none">This database holds no runs, so nothing was observed: the requirements are from the documentation only (unverified).</p>{{/NO_RUNS}}
{{#NO_GROUP}}<p class="none">Not observed: no run of this database holds a PVH vCPU snapshot, so the requirements are from the documentation only (unverified).</p>{{/NO_GROUP}}
{{#GROUP}}
<h2>{{HEADING:h}}</h2>
<p class="prov">Observed in {{NRUNS:h}}: {{RUNS:h}}.</p>
{{>STATE}}
{{#ENTRY_RIP}}<p>Entry point: RIP at the first instruction {{RIPS:h}}; the kernels' <code>XEN_ELFNOTE_PHYS32_ENTRY</code> notes, where an image was collected, are below.</p>{{/ENTRY_RIP}}
{{#NO_START_INFO}}<p class="none">Not observed: no snapshot of this version read the <code>hvm_start_info</code> at EBX.</p>{{/NO_START_INFO}}
{{>START_INFO}}
{{/GROUP}}
<h2>Xen ELF notes of the guest kernel</h2>
<p>A kernel tells the domain builder how to load it in Xen ELF notes (<code>xen/include/public/elfnote.h</code>); a PVH kernel names its 32-bit entry point in <code>XEN_ELFNOTE_PHYS32_ENTRY</code>. The notes of kernel images collected with <code>xabi collect --image</code>:</p>
{{#NO_IMAGES}}<p class="none">Not observed: this database holds no kernel image (<code>xabi collect --image FILE</code> records one), so the notes below are from the headers only (unverified).</p>{{/NO_IMAGES}}
{{#IMAGE}}
<h3>{{HEADING:h}}</h3>

{{#PHYS32}}<p><code>XEN_ELFNOTE_PHYS32_ENTRY</code> = {{ENTRY:h}}: this kernel has a PVH entry point.</p>{{/PHYS32}}
{{#NO_PHYS32}}<p class="none">No <code>XEN_ELFNOTE_PHYS32_ENTRY</code>: this kernel cannot start as a PVH guest.</p>{{/NO_PHYS32}}
{{#NO_NOTES}}<p class="none">This image carries no Xen ELF notes.</p>{{/NO_NOTES}}
{{>IMG_NOTES}}
{{/IMAGE}}
{{#NOTES}}
<h3>{{HEADING:h}}</h3>
{{#NO_ELFNOTES}}<p class="none">The catalogue has no ELF notes for this Xen version.</p>{{/NO_ELFNOTES}}
{{>ELFNOTES}}
{{/NOTES}}
<h2>Sources</h2>
{{>SOURCES}}
{{>FOOTER}}
