{{>HEADER}}
What each Xen release's public headers define, and what changed from one
release to the next: hypercalls (``__HYPERVISOR_*`` in ``xen.h``), ELF notes
(``XEN_ELFNOTE_*`` in ``elfnote.h``), VM assists (``VMASST_TYPE_*`` in
``xen.h``), callback types (``CALLBACKTYPE_*`` in ``callback.h``), flat
selectors (``FLAT_*`` in ``arch-x86/xen-x86_{32,64}.h``, with their comments)
and trace event ids (``TRC_*`` in ``trace.h``).  The
catalogue was read from the headers at each release tag
(``xabi abi import``); ``xabi abi diff A B`` says the same for any two
versions.  Everything on this page but its first section is from the
headers only (unverified): it says what Xen declares, not what a guest was
seen to do.
Observed across Xen releases
----------------------------------------------------------

What guests were seen to do, per Xen release: a column for each release
whose runs in this database traced hypercalls, and in each cell the calls
traced (direct, inside multicalls, and VMCALL/VMMCALL) and the guests (a
domain of a run) that made them.  The last column says which of those
releases' headers define the call.  Unless the same guest ran on each
release for the same time (as ``xabi lab`` runs its guests), the guests and
their kernels differ from column to column: a call seen on one release and
not on another says what these runs did, not what Xen allows.
{{#NO_OBSERVED}}
No run in this database traced a hypercall.
{{/NO_OBSERVED}}
{{>OBS_RUNS}}
{{>OBSERVED}}
{{#OBS_ONE}}
These runs come from one Xen release, so there is nothing to compare.
{{/OBS_ONE}}{{#OBS_PAIR}}
{{HEADING:x-rst}}
{{HEADING_RULE:none}}
{{#OBS_SAME}}
The runs of the two releases made the same hypercalls.
{{/OBS_SAME}}{{#OBS_DIFFER}}
The hypercalls the runs of one release made and those of the other did not.

{{>TABLE}}{{/OBS_DIFFER}}{{#HDR_SAME}}
Between the two, the headers added, removed or renumbered no hypercall, ELF
note, VM assist, callback type, flat selector or trace event id.
{{/HDR_SAME}}{{#HDR_DIFFER}}
What the headers changed between the two, beside it:

{{>HDR_TABLE}}{{/HDR_DIFFER}}
{{/OBS_PAIR}}

Declared in the headers
----------------------------------------------------------

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
