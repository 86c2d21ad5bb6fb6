{{>HEADER}}
<p>What Xen guests were observed to do, checked against the guest ABI of the Xen version they ran on. Every observed fact on these pages names its run (the source file, its SHA-256 and the Xen version), its domain and its vCPU; a fact with no observation behind it is marked as from the headers only.</p>
<h2>Pages</h2>
<ul>
{{#PAGE}}<li><a href="{{STEM:h}}.html">{{NAME:h}}</a></li>
{{/PAGE}}</ul>
{{#HAVE_RULES}}<h3>Rules</h3>
<p>The analyzer's rules, each with its doc, its citation and its findings:</p>
<ul>
{{#RULE_PAGE}}<li><a href="{{STEM:h}}.html">{{NAME:h}}</a></li>
{{/RULE_PAGE}}</ul>{{/HAVE_RULES}}
<h2>Runs</h2>
{{#NO_RUNS}}<p class="none">This database holds no runs yet: every page below says what the headers say, and that nothing was observed. Collect a trace with <code>xabi collect FILE --xen-version V</code>, then render again.</p>{{/NO_RUNS}}
{{>RUNS}}
{{>FOOTER}}
