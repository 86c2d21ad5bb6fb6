{{>HEADER}}
A PV guest enters Xen through its hypercall page: the kernel names an
address in its ``XEN_ELFNOTE_HYPERCALL_PAGE`` ELF note, Xen fills the {{PAGE_SIZE:x-rst}}
bytes there with ``int3`` and writes one {{STUB_SIZE:x-rst}}-byte stub per hypercall number,
and the guest calls stub N, at N x {{STUB_SIZE:x-rst}}, to make hypercall N.  Stub {{IRET:x-rst}},
``__HYPERVISOR_iret``, is jumped to and never returns.  The table below is
what Xen's source writes, per guest width and Xen version; rules HCPAGE-001
and HCPAGE-002 hold a collected page to it.

Pages come from dumps (``xabi collect --hypercall-page FILE --va ADDR``) or
the live collector.  Each stub is disassembled with Capstone, in AT&T syntax,
the syntax of the comments in Xen's source.

{{>LAYOUTS}}
{{#NO_PAGES}}
.. note:: No hypercall page was collected into this database: the stubs
   above are from Xen's source only (unverified).
{{/NO_PAGES}}{{#RUN}}
{{HEADING:x-rst}}
{{HEADING_RULE:none}}

{{>PROVENANCE}}
{{>TABLE}}
{{/RUN}}
{{>FOOTER}}
