{{>HEADER}}
<p>The segment state a PV guest starts with, after the Segments section of the Xen wiki page <em>{{WIKI_PAGE:h}}</em> and the <code>FLAT_*</code> selectors of <code>xen/include/public/arch-x86/xen-x86_64.h</code> and <code>xen-x86_32.h</code>, which Xen places in the GDT entries it reserves from <code>FIRST_RESERVED_GDT_ENTRY</code> (<code>arch-x86/xen.h</code>). Each Xen version has one section, over every vCPU snapshot of that version; a value names the runs, domains and vCPUs it was seen in, and the runs are listed in full under &ldquo;Sources&rdquo;.</p>
{{#NO_RUNS}}<p class="none">This database holds no runs, so nothing was observed.</p>{{/NO_RUNS}}
{{#NO_GROUP}}<p class="none">Not observed: no run of this database holds a PV vCPU snapshot. <code>xabi collect --live --start</code> records a guest's start-of-day state.</p>{{/NO_GROUP}}
<h2>In short</h2>
<ul>
{{#GROUP}}{{#SUMMARY}}<li><strong>Xen {{XEN:h}}, {{GUEST:h}}</strong>: a guest starts with {{STATE:h}} (initial snapshots of {{WHO:h}}).</li>
{{/SUMMARY}}{{/GROUP}}{{#REFUTED}}<li class="warn"><strong>Refuted:</strong> {{DOC:h}}: &ldquo;{{SAYS:h}}&rdquo;: {{VERDICTS:h}}.</li>
{{/REFUTED}}</ul>
{{#GROUP}}
<h2>{{HEADING:h}}</h2>
<p class="prov">Observed in {{NRUNS:h}}: {{RUNS:h}}.</p>
<p>Rule SEG-001 on these snapshots, as <code>xabi check</code> recorded it: {{SEG001:h}}.</p>
<h3>Initial selectors</h3>
{{>CLAIMS}}
<h3>Segment registers observed</h3>
{{#NO_SEGMENTS}}<p class="none">Not observed: no vCPU snapshot of this version holds segment registers.</p>{{/NO_SEGMENTS}}
{{>SEGMENTS}}
<h3>Registers at the start of day</h3>
{{>INITIAL_REGS}}
{{/GROUP}}
<h2>The kernels' entry notes</h2>
<p>A PV kernel names its entry point in <code>XEN_ELFNOTE_ENTRY</code> and its hypercall page in <code>XEN_ELFNOTE_HYPERCALL_PAGE</code>; the initial RIP above is where Xen started it. From the kernel images collected (<code>xabi collect --image</code>):</p>
<ul>
{{#KERNEL_NOTE}}<li>run {{RUN:h}} ({{FILE:h}}): <code>{{NAME:h}}</code> = {{VALUE:h}}</li>
{{/KERNEL_NOTE}}{{#KERNEL_NO_NOTE}}<li>run {{RUN:h}} ({{FILE:h}}): no <code>{{NAME:h}}</code> note</li>
{{/KERNEL_NO_NOTE}}{{#NO_KERNELS}}<li class="none">none: no kernel image was collected</li>{{/NO_KERNELS}}</ul>
<h2>What the documentation says, and what Xen does</h2>
{{>CLAIMS_REGISTER}}
<h2>The wiki's descriptors</h2>
{{>WIKI_DESC}}
<h2>HVM real mode</h2>
<p>The hidden state of an HVM or PVH vCPU's segment registers while it was in real mode (CR0.PE clear), read from Xen's HVM save record (<code>struct hvm_hw_cpu</code>, <code>xen/include/public/arch-x86/hvm/save.h</code>) in each snapshot: each distinct state once, with its hidden base, limit and attributes beside selector &times; 16, the base a real-mode load gives. The last column quotes rule HVM-001 as <code>xabi check</code> recorded it for the first snapshot that saw the state. Segment loads seen between two snapshots are listed with the mode of each snapshot.</p>
{{#NO_HVM_RUNS}}<p class="none">Not observed: no run holds a snapshot of an HVM or PVH vCPU. <code>xabi collect --live --snapshot-interval 1s</code> of an HVM guest records its real-mode states.</p>{{/NO_HVM_RUNS}}
{{#HVM_RUN}}
<h3>{{HEADING:h}}</h3>
{{>PROVENANCE}}
{{#NO_REAL_MODE}}<p class="none">Not observed: no snapshot of this run caught a vCPU in real mode with its hidden segment state.</p>{{/NO_REAL_MODE}}
{{>REAL_MODE}}
{{>REAL_MODE_LOADS}}
{{/HVM_RUN}}
<h2>Hypercall page</h2>
<p>The hypercall page a PV kernel names in the ELF note <code>XEN_ELFNOTE_HYPERCALL_PAGE</code> (<code>xen/include/public/elfnote.h</code>) is shown stub by stub, against the stubs Xen writes, on the page &ldquo;<a href="pv-hypercall-page.html">PV hypercall page</a>&rdquo;.</p>
<h2>Sources</h2>
{{>SOURCES}}
{{>FOOTER}}
