{{>HEADER}}
Each checkable statement of the documents a guest author reads (the Xen wiki,
the comments of the public headers, ``docs/misc/pvh.pandoc``, the output of
Xen's tools): where it is written, what it says, what in the database decides
it, and the verdict rule DOC-001 of ``xabi check`` stored for it in each run:
refuted (with the observation), verified, or not observable (with the
reason).  The register is ``abi/claims.c``; ``xabi claims`` prints the same.
{{#REFUTED}}
- **Refuted:** {{DOC:x-rst}}: "{{SAYS:x-rst}}": {{VERDICTS:x-rst}}.
{{/REFUTED}}

{{>CLAIMS_REGISTER}}
{{>FOOTER}}
