{| class="wikitable"
|+ {{CAPTION:x-wiki}}
|-
{{#TH}}! {{V:x-wiki}}
{{/TH}}{{#TR}}|-
{{#TD}}| {{#PLAIN}}{{V:x-wiki}}{{/PLAIN}}{{#LINK}}[[{{STEM:none}}|{{V:x-wiki}}]]{{/LINK}}
{{/TD}}{{/TR}}|}
