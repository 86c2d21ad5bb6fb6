<table>
<caption>{{CAPTION:h}}</caption>
<thead><tr>{{#TH}}<th>{{V:h}}</th>{{/TH}}</tr></thead>
<tbody>
{{#TR}}<tr{{#CLS}} class="{{C:h}}"{{/CLS}}>{{#TD}}<td>{{#PLAIN}}{{V:h}}{{/PLAIN}}{{#LINK}}<a href="{{STEM:h}}.html">{{V:h}}</a>{{/LINK}}</td>{{/TD}}</tr>
{{/TR}}</tbody>
</table>
