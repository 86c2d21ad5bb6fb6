{{>HEADER}}
<p>The findings of <code>xabi check</code>: the analyzer's rules run over the facts of each run, against the ABI of the Xen version the run came from. A finding is PASS, INFO, WARN or FAIL about something observed, or NOT-OBSERVED with the reason the rule could not be evaluated; it names its evidence. Each rule links to its page, with its doc and citation.</p>
{{#NO_RUNS}}<p class="none">This database holds no runs, so there are no findings.</p>{{/NO_RUNS}}
{{#NO_ANALYZER}}<p class="none">No findings: this database has no findings tables, so no run was checked. Run <code>xabi check</code>, then render again.</p>{{/NO_ANALYZER}}
{{>OVERVIEW}}
{{#RUN}}
<h2>{{HEADING:h}}</h2>
{{>PROVENANCE}}
{{#NOT_CHECKED}}<p class="none">No findings: this run was not checked. Run <code>xabi check --run {{RUN_ID:h}}</code>, then render again.</p>{{/NOT_CHECKED}}
{{#CHECKED}}<p>Checked by xabi {{BY:h}}: {{SUMMARY:h}}.</p>{{/CHECKED}}
{{#NO_FINDINGS}}<p class="none">No findings: the check of this run found nothing to report.</p>{{/NO_FINDINGS}}
{{#RULE}}<h3><a href="{{STEM:h}}.html">{{ID:h}}</a> {{TITLE:h}}</h3>
{{>TABLE}}
{{/RULE}}
{{#NOT_OBSERVED}}<details><summary>NOT-OBSERVED: {{COUNT:h}} findings</summary>
{{>TABLE}}
</details>
{{/NOT_OBSERVED}}
{{/RUN}}
{{>FOOTER}}
