{{RULE_LINE:none}}
{{TITLE:x-rst}}
{{RULE_LINE:none}}

