{{>HEADER}}
{{#DOC}}Verdict when violated: {{SEVERITY:x-wiki}}. Enforces: <code>{{CITATION:x-wiki}}</code>.

{{TEXT:x-wiki}}
{{/DOC}}{{#NO_DOC}}This build of xabi has no doc for rule {{ID:x-wiki}}: findings name it, but its registry is not part of this build.
{{/NO_DOC}}
== Findings ==
{{#NO_FINDINGS}}
No findings for this rule in any run of this database.
{{/NO_FINDINGS}}{{#FINDINGS}}
{{>TABLE}}{{/FINDINGS}}

See the [[audit|audit report]].
{{>FOOTER}}
