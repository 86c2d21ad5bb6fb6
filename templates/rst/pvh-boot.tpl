{{>HEADER}}
A PVH guest starts in 32-bit protected mode with paging off, at the entry
point its kernel names in the ELF note ``XEN_ELFNOTE_PHYS32_ENTRY``.  Xen's
``docs/misc/pvh.pandoc`` promises the register and segment state below, and
``EBX`` pointing at ``struct hvm_start_info``
(``xen/include/public/arch-x86/hvm/start_info.h``).  The observed column comes
from the initial vCPU snapshot of each PVH guest (the HVM save record:
selectors with their hidden base, limit and attributes).
The finding column quotes rules PVH-001 to PVH-004 as ``xabi check``
recorded them for that snapshot; the page itself judges nothing.

What the documentation says, and what Xen does
----------------------------------------------
{{#REFUTED}}
- **Refuted:** {{DOC:x-rst}}: "{{SAYS:x-rst}}": {{VERDICTS:x-rst}}.
{{/REFUTED}}

{{>CLAIMS_REGISTER}}

{{#NO_RUNS}}
.. note:: This database holds no runs, so nothing was observed: the
   requirements are from the documentation only (unverified).
{{/NO_RUNS}}{{#NO_GROUP}}
.. note:: Not observed: no run of this database holds a PVH vCPU snapshot, so
   the requirements are from the documentation only (unverified).
{{/NO_GROUP}}{{#GROUP}}
{{HEADING:x-rst}}
{{HEADING_RULE:none}}

*Observed in {{NRUNS:x-rst}}:* {{RUNS:x-rst}}.

{{>STATE}}
{{#ENTRY_RIP}}
Entry point: RIP at the first instruction {{RIPS:x-rst}}; the kernels'
``XEN_ELFNOTE_PHYS32_ENTRY`` notes, where an image was collected, are below.
{{/ENTRY_RIP}}{{#NO_START_INFO}}
Not observed: no snapshot of this version read the ``hvm_start_info`` at EBX.
{{/NO_START_INFO}}
{{>START_INFO}}
{{/GROUP}}

Xen ELF notes of the guest kernel
---------------------------------

A kernel tells the domain builder how to load it in Xen ELF notes
(``xen/include/public/elfnote.h``); a PVH kernel names its 32-bit entry point
in ``XEN_ELFNOTE_PHYS32_ENTRY``.  The notes of kernel images collected with
``xabi collect --image``:
{{#NO_IMAGES}}
Not observed: this database holds no kernel image (``xabi collect --image
FILE`` records one), so the notes below are from the headers only
(unverified).
{{/NO_IMAGES}}{{#IMAGE}}
**{{HEADING:x-rst}}.**


{{#PHYS32}}
``XEN_ELFNOTE_PHYS32_ENTRY`` = {{ENTRY:x-rst}}: this kernel has a PVH entry point.
{{/PHYS32}}{{#NO_PHYS32}}
No ``XEN_ELFNOTE_PHYS32_ENTRY``: this kernel cannot start as a PVH guest.
{{/NO_PHYS32}}{{#NO_NOTES}}
This image carries no Xen ELF notes.
{{/NO_NOTES}}
{{>IMG_NOTES}}
{{/IMAGE}}{{#NOTES}}
**{{HEADING:x-rst}}.**
{{#NO_ELFNOTES}}
The catalogue has no ELF notes for this Xen version.
{{/NO_ELFNOTES}}
{{>ELFNOTES}}
{{/NOTES}}
Sources
-------

{{>SOURCES}}
{{>FOOTER}}
