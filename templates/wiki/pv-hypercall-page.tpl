{{>HEADER}}
A PV guest enters Xen through its hypercall page: the kernel names an address in its <code>XEN_ELFNOTE_HYPERCALL_PAGE</code> ELF note, Xen fills the {{PAGE_SIZE:x-wiki}} bytes there with <code>int3</code> and writes one {{STUB_SIZE:x-wiki}}-byte stub per hypercall number, and the guest calls stub N, at N &times; {{STUB_SIZE:x-wiki}}, to make hypercall N. Stub {{IRET:x-wiki}}, <code>__HYPERVISOR_iret</code>, is jumped to and never returns. The table below is what Xen's source writes, per guest width and Xen version; rules HCPAGE-001 and HCPAGE-002 hold a collected page to it.

Pages come from dumps (<code>xabi collect --hypercall-page FILE --va ADDR</code>) or the live collector. Each stub is disassembled with Capstone, in AT&amp;T syntax, the syntax of the comments in Xen's source.

{{>LAYOUTS}}
{{#NO_PAGES}}
No hypercall page was collected into this database: the stubs above are from Xen's source only (unverified).
{{/NO_PAGES}}{{#RUN}}
== {{HEADING:x-wiki}} ==

{{>PROVENANCE}}
{{>TABLE}}
{{/RUN}}
{{>FOOTER}}
