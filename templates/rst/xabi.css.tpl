/* Written by xabi render: table cells wrap, so no column is cut off. */
table.docutils td, table.docutils th,
.wy-table-responsive table td, .wy-table-responsive table th {
    white-space: normal;
    overflow-wrap: anywhere;
}
.wy-table-responsive { overflow: visible; }
table.docutils th, .wy-table-responsive table th { overflow-wrap: normal; }
