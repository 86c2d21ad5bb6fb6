-- Schema 8 -> 9: the fact kinds of `xabi collect --save` (xl save images).
INSERT INTO fact_kind (kind, storage, key_meaning, description) VALUES
 ('save_header',        'row',       'header (collector/save.h: XABI_SAVE_HDR_*)',
  'a header of an xl save image: 1 xl (args: mandatory and optional ' ||
  'flags, optional data length), 2 libxl (version, options), 3 libxc ' ||
  '(version, options), 4 domain (type, page shift, xen_major, ' ||
  'xen_minor), 5 X86_PV_INFO (guest width, page-table levels)'),
 ('save_record',        'row',       'record type',
  'a record type in an xl save image: arg0 the stream (0 libxl, 1 libxc), ' ||
  'arg1 how many, arg2 their bytes, arg3 1 read or known, 2 unknown and ' ||
  'optional (skipped), 3 unknown and mandatory (skipped: NOT-OBSERVED); ' ||
  'offset: the first');
