<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE:h}} - xabi</title>
<link rel="icon" href="data:,">
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2329; background: #fff; }
nav { background: #24324a; padding: .6em 1.2em; }
nav a, nav strong { color: #e8eef8; margin-right: .2em; text-decoration: none; }
nav strong { border-bottom: 2px solid #9cc2ff; }
nav a:hover { text-decoration: underline; }
main { max-width: 90em; padding: .5em 1.2em 2em; }
h1 { font-size: 1.6em; margin: .6em 0 .3em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .3em; border-bottom: 1px solid #d5dbe3; }
h3 { font-size: 1.05em; margin: 1.1em 0 .3em; }
table { border-collapse: collapse; margin: .6em 0 1.2em; font-size: .9em; }
caption { text-align: left; font-weight: 600; padding: .2em 0; }
th, td { border: 1px solid #cfd6df; padding: .2em .5em; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { overflow-wrap: normal; }
th { background: #eef2f7; }
tbody tr:nth-child(even) { background: #f8fafc; }
code { font: .92em ui-monospace, monospace; background: #f1f3f6; padding: 0 .2em; }
.prov { color: #44505c; font-size: .9em; background: #f6f8fb; border-left: 3px solid #9cc2ff; padding: .3em .6em; }
.none { color: #6b4d00; background: #fff8e1; border-left: 3px solid #f0b400; padding: .3em .6em; }
.differs { color: #8a1c1c; font-weight: 600; }
figure { margin: .6em 0; }
svg.chart text { font: 12px system-ui, sans-serif; fill: #1d2329; }
svg.chart .chart-title { font-weight: 600; font-size: 13px; }
svg.chart rect { fill: #4f7cc4; }
tr.verdict-fail td { background: #f9d0d0; font-weight: 700; }
tr.verdict-warn td { background: #ffe2a8; font-weight: 700; }
details > summary { cursor: pointer; font-weight: 600; margin: .4em 0; }
footer { color: #6a7580; font-size: .85em; border-top: 1px solid #d5dbe3; padding: .6em 1.2em; }
</style>
</head>
<body>
<nav>{{#NAV}}{{#CURRENT}}<strong>{{NAME:h}}</strong>{{/CURRENT}}{{#OTHER}}<a href="{{STEM:h}}.html">{{NAME:h}}</a>{{/OTHER}}{{#NAV_separator}} &middot; {{/NAV_separator}}{{/NAV}}</nav>
<main>
<h1>{{TITLE:h}}</h1>
