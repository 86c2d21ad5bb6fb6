{{>HEADER}}
The findings of <code>xabi check</code>: the analyzer's rules run over the facts of each run, against the ABI of the Xen version the run came from. A finding is PASS, INFO, WARN or FAIL about something observed, or NOT-OBSERVED with the reason the rule could not be evaluated; it names its evidence. Each rule links to its page, with its doc and citation.
{{#NO_RUNS}}
This database holds no runs, so there are no findings.
{{/NO_RUNS}}{{#NO_ANALYZER}}
No findings: this database has no findings tables, so no run was checked. Run <code>xabi check</code>, then render again.
{{/NO_ANALYZER}}
{{>OVERVIEW}}
{{#RUN}}
== {{HEADING:x-wiki}} ==

{{>PROVENANCE}}
{{#NOT_CHECKED}}
No findings: this run was not checked. Run <code>xabi check --run {{RUN_ID:x-wiki}}</code>, then render again.
{{/NOT_CHECKED}}{{#CHECKED}}
Checked by xabi {{BY:x-wiki}}: {{SUMMARY:x-wiki}}.
{{/CHECKED}}{{#NO_FINDINGS}}
No findings: the check of this run found nothing to report.
{{/NO_FINDINGS}}{{#RULE}}
=== [[{{STEM:none}}|{{ID:x-wiki}}]] {{TITLE:x-wiki}} ===

{{>TABLE}}
{{/RULE}}{{#NOT_OBSERVED}}
=== NOT-OBSERVED: {{COUNT:x-wiki}} findings ===

{{>TABLE}}
{{/NOT_OBSERVED}}
{{/RUN}}
{{>FOOTER}}
