{{>HEADER}}
{{#DOC}}<p>Verdict when violated: {{SEVERITY:h}}. Enforces: <code>{{CITATION:h}}</code>.</p>
<p>{{TEXT:h}}</p>
{{/DOC}}
{{#NO_DOC}}<p class="none">This build of xabi has no doc for rule {{ID:h}}: findings name it, but its registry is not part of this build.</p>{{/NO_DOC}}
<h2>Findings</h2>
{{#NO_FINDINGS}}<p class="none">No findings for this rule in any run of this database.</p>{{/NO_FINDINGS}}
{{#FINDINGS}}{{>TABLE}}{{/FINDINGS}}
<p><a href="audit.html">The audit report</a></p>
{{>FOOTER}}
