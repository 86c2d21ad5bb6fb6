{{>HEADER}}
What each Xen release's public headers define, and what changed from one
release to the next: hypercalls (``__HYPERVISOR_*`` in ``xen.h``), ELF notes
(``XEN_ELFNOTE_*`` in ``elfnote.h``), VM assists (``VMASST_TYPE_*`` in
``xen.h``) and callback types (``CALLBACKTYPE_*`` in ``callback.h``).  The
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
No hypercall, ELF note, VM assist or callback type was added, removed or
renumbered.
{{/NO_CHANGE}}{{#CHANGED}}
{{>TABLE}}{{/CHANGED}}
{{/RELEASE}}
{{>FOOTER}}
