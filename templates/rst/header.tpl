.. SPDX-License-Identifier: CC-BY-4.0

{{RULE_LINE:none}}
{{TITLE:x-rst}}
{{RULE_LINE:none}}

