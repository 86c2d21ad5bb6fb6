{{>HEADER}}
What Xen guests were observed to do, checked against the guest ABI of the Xen
version they ran on.  Every observed fact on these pages names its run (the
source file, its SHA-256 and the Xen version), its domain and its vCPU; a fact
with no observation behind it is marked as from the headers only.

.. toctree::
   :maxdepth: 1
   :caption: Pages

{{#PAGE}}   {{STEM:none}}
{{/PAGE}}
{{#HAVE_RULES}}.. toctree::
   :maxdepth: 1
   :caption: Rules

{{#RULE_PAGE}}   {{STEM:none}}
{{/RULE_PAGE}}{{/HAVE_RULES}}

Runs
----
{{#NO_RUNS}}
This database holds no runs yet: every page says what the headers say, and
that nothing was observed.  Collect a trace with
``xabi collect FILE --xen-version V``, then render again.
{{/NO_RUNS}}
{{>RUNS}}
{{>FOOTER}}
