.. list-table:: {{CAPTION:x-rst}}
   :header-rows: 1
   :widths: auto

   *{{#TH}} - {{V:x-rst}}{{#TH_separator}}
    {{/TH_separator}}{{/TH}}
{{#TR}}   *{{#TD}} - {{#PLAIN}}{{V:x-rst}}{{/PLAIN}}{{#LINK}}:doc:`{{V:x-rst}} <{{STEM:none}}>`{{/LINK}}{{#TD_separator}}
    {{/TD_separator}}{{/TD}}
{{/TR}}
