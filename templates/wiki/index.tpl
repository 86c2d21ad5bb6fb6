{{>HEADER}}
What Xen guests were observed to do, checked against the guest ABI of the Xen version they ran on. Every observed fact on these pages names its run (the source file, its SHA-256 and the Xen version), its domain and its vCPU; a fact with no observation behind it is marked as from the headers only.

== Pages ==
{{#PAGE}}* [[{{STEM:none}}|{{NAME:x-wiki}}]]
{{/PAGE}}
{{#HAVE_RULES}}=== Rules ===
The analyzer's rules, each with its doc, its citation and its findings:
{{#RULE_PAGE}}* [[{{STEM:none}}|{{NAME:x-wiki}}]]
{{/RULE_PAGE}}{{/HAVE_RULES}}

== Runs ==
{{#NO_RUNS}}
This database holds no runs yet: every page says what the headers say, and that nothing was observed. Collect a trace with <code>xabi collect FILE --xen-version V</code>, then render again.
{{/NO_RUNS}}
{{>RUNS}}
{{>FOOTER}}
