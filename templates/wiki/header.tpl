{{#NAV}}{{#CURRENT}}'''{{NAME:x-wiki}}'''{{/CURRENT}}{{#OTHER}}[[{{STEM:none}}|{{NAME:x-wiki}}]]{{/OTHER}}{{#NAV_separator}} &middot; {{/NAV_separator}}{{/NAV}}

= {{TITLE:x-wiki}} =

