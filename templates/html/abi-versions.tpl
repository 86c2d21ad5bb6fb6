{{>HEADER}}
<p>What each Xen release's public headers define, and what changed from one release to the next: hypercalls (<code>__HYPERVISOR_*</code> in <code>xen.h</code>), ELF notes (<code>XEN_ELFNOTE_*</code> in <code>elfnote.h</code>), VM assists (<code>VMASST_TYPE_*</code> in <code>xen.h</code>) callback types (<code>CALLBACKTYPE_*</code> in <code>callback.h</code>), flat selectors (<code>FLAT_*</code> in <code>arch-x86/xen-x86_{32,64}.h</code>, with their comments) and trace event ids (<code>TRC_*</code> in <code>trace.h</code>). The catalogue was read from the headers at each release tag (<code>xabi abi import</code>); <code>xabi abi diff A B</code> says the same for any two versions. Everything on this page is from the headers only (unverified): it says what Xen declares, not what a guest was seen to do.</p>
{{#NO_VERSIONS}}<p class="none">The catalogue in this database is empty.</p>{{/NO_VERSIONS}}
{{>VERSIONS}}
{{#ONE_VERSION}}<p class="none">The catalogue holds one version, so there is nothing to compare.</p>{{/ONE_VERSION}}
{{#RELEASE}}
<h2>{{HEADING:h}}</h2>
{{#NO_CHANGE}}<p>No hypercall, ELF note, VM assist, callback type, flat selector or trace event id was added, removed or renumbered, and no selector's header comment changed.</p>{{/NO_CHANGE}}
{{#CHANGED}}{{>TABLE}}{{/CHANGED}}
{{/RELEASE}}
{{>FOOTER}}
