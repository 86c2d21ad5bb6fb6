{{>HEADER}}
What each Xen release's public headers define, and what changed from one
release to the next: hypercalls (``__HYPERVISOR_*`` in ``xen.h``), ELF notes
(``XEN_ELFNOTE_*`` in ``elfnote.h``), VM assists (``VMASST_TYPE_*`` in
``xen.h``), callback types (``CALLBACKTYPE_*`` in ``callback.h``), flat
selectors (``FLAT_*`` in ``arch-x86/xen-x86_{32,64}.h``, with their comments)
and trace event ids (``TRC_*`` in ``trace.h``).  The
catalogue was read from the headers at each release tag
(``xabi abi import``); ``xabi abi diff A B`` says the same for any two
versions.  Everything on this page is from the headers only (unverified): it
says what Xen declares, not what a guest was seen to do.
{{#NO_VERSIONS}}
The catalogue in this database is empty.
{{/NO_VERSIONS}}
{{>VERSIONS}}
{{#ONE_VERSION}}
The catalogue holds one version, so there is nothing to compare.
{{/ONE_VERSION}}{{#RELEASE}}
{{HEADING:x-rst}}
{{HEADING_RULE:none}}
{{#NO_CHANGE}}
No hypercall, ELF note, VM assist, callback type, flat selector or trace
event id was added, removed or renumbered, and no selector's header comment
changed.
{{/NO_CHANGE}}{{#CHANGED}}
{{>TABLE}}{{/CHANGED}}
{{/RELEASE}}
{{>FOOTER}}
