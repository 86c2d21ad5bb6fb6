{{>HEADER}}
<p>A PVH guest starts in 32-bit protected mode with paging off, at the entry point its kernel names in the ELF note <code>XEN_ELFNOTE_PHYS32_ENTRY</code>. Xen's <code>docs/misc/pvh.pandoc</code> promises the register and segment state below, and <code>EBX</code> pointing at <code>struct hvm_start_info</code> (<code>xen/include/public/arch-x86/hvm/start_info.h</code>). The observed column comes from the initial vCPU snapshot of each PVH guest (the HVM save record: selectors with their hidden base, limit and attributes).</p>
{{#NO_RUNS}}<p class="none">This database holds no runs, so nothing was observed: the requirements are from the documentation only (unverified).</p>{{/NO_RUNS}}
{{#RUN}}
<h2>{{HEADING:h}}</h2>
{{>PROVENANCE}}
{{>STATE}}
{{/RUN}}
<h2>Xen ELF notes of the guest kernel</h2>
<p class="none">Not observed: xabi does not read guest kernel images yet, so the notes below are the ones each Xen version's headers define (<code>xen/include/public/elfnote.h</code>), from the headers only (unverified). A PVH kernel needs <code>XEN_ELFNOTE_PHYS32_ENTRY</code>.</p>
{{#NOTES}}
{{#NO_ELFNOTES}}<p class="none">The catalogue has no ELF notes for this Xen version.</p>{{/NO_ELFNOTES}}
{{>ELFNOTES}}
{{/NOTES}}
{{>FOOTER}}
