{{>HEADER}}
<p>Each checkable statement of the documents a guest author reads (the Xen wiki, the comments of the public headers, <code>docs/misc/pvh.pandoc</code>, the output of Xen's tools): where it is written, what it says, what in the database decides it, and the verdict rule DOC-001 of <code>xabi check</code> stored for it in each run: refuted (with the observation), verified, or not observable (with the reason). The register is <code>abi/claims.c</code>; <code>xabi claims</code> prints the same.</p>
{{#REFUTED}}<p class="warn"><strong>Refuted:</strong> {{DOC:h}}: &ldquo;{{SAYS:h}}&rdquo;: {{VERDICTS:h}}.</p>
{{/REFUTED}}
{{>CLAIMS_REGISTER}}
{{>FOOTER}}
