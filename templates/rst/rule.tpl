{{>HEADER}}
{{#DOC}}Verdict when violated: {{SEVERITY:x-rst}}.  Enforces: {{CITATION:x-rst}}.

{{TEXT:x-rst}}
{{/DOC}}{{#NO_DOC}}This build of xabi has no doc for rule {{ID:x-rst}}: findings name it, but its
registry is not part of this build.
{{/NO_DOC}}
Findings
--------
{{#NO_FINDINGS}}
No findings for this rule in any run of this database.
{{/NO_FINDINGS}}{{#FINDINGS}}
{{>TABLE}}{{/FINDINGS}}

See the :doc:`audit`.
{{>FOOTER}}
