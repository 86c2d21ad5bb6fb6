-- Report views: the rows of the generator's pages (store/pages.c names one
-- query per view, report_NAME for its query page_NAME).  A view that
-- belongs to one run has its run_id; one of a Xen version's runs (report_g_*)
-- its xen_version; the query picks the run or version and the order, since
-- a view keeps none.  Extra columns a query orders by but does not show
-- (key, seq) are the view's too.

-- Every run with its provenance.  A snapshot run of several dumps: its
-- sha256 is over them all; run_file (schema 8) has each one's, a run
-- collected before it only the dumps' names.
CREATE VIEW report_runs AS
SELECT id, source_kind, source_path, source_size, source_sha256,
       xen_version, label, collected_at, xabi_version, status,
       status_detail, records, lost_records, unknown_records,
       (SELECT count(DISTINCT s.source) FROM snapshot s
         WHERE s.run_id = run.id AND run.source_kind = 'snapshot') AS nfiles,
       (SELECT group_concat(DISTINCT s.source) FROM snapshot s
         WHERE s.run_id = run.id AND run.source_kind = 'snapshot') AS files,
       (SELECT group_concat(path || char(9) || sha256, char(10))
          FROM (SELECT path, sha256 FROM run_file f
                 WHERE f.run_id = run.id ORDER BY seq)) AS file_hashes
  FROM run;

CREATE VIEW report_domains AS
SELECT d.run_id, d.domid, d.records,
       (SELECT count(*) FROM vcpu v
         WHERE v.run_id = d.run_id AND v.domid = d.domid) AS vcpus
  FROM domain d;

-- The run's Xen version's hypercalls, compat aliases folded in.
CREATE VIEW report_hypercall_catalogue AS
SELECT r.id AS run_id, h.nr, h.name, h.x86_only, h.deprecated, h.dropped,
       (SELECT group_concat(a.name, ', ') FROM abi_hypercall a
         WHERE a.version = h.version AND a.nr = h.nr
           AND a.alias_of IS NOT NULL) AS aliases,
       (SELECT group_concat(a.comment, '; ') FROM abi_hypercall a
         WHERE a.version = h.version AND a.nr = h.nr) AS comment
  FROM v_hypercall_name h JOIN run r ON r.xen_version = h.version;

CREATE VIEW report_hypercall_observed AS
SELECT run_id, nr, name, defined, domid, group_concat(vcpu, ' ') AS vcpus,
       sum(calls) AS calls, sum(subcalls) AS subcalls,
       sum(hvm_calls) AS hvm_calls, min(first_tsc) AS first_tsc
  FROM v_hypercall
 GROUP BY run_id, nr, domid;

-- The guest types a run has snapshots of.
CREATE VIEW report_snapshot_types AS
SELECT DISTINCT run_id, guest_type FROM snapshot;

-- Sub-ops of every call whose trace record carries one (grant_table_op,
-- vcpu_op, sched_op: the collector's hypercall_subop aggregates), with the
-- first sampled record of each.
CREATE VIEW report_subops AS
SELECT a.run_id, a.domid, a.vcpu,
       coalesce(h.name, 'hypercall_' || (a.key >> 32)) AS hypercall,
       a.key & 4294967295 AS subop, s.name, a.count,
       (SELECT min(f.offset) FROM fact f
         WHERE f.run_id = a.run_id AND f.kind = a.kind AND f.key = a.key
           AND f.domid = a.domid AND f.vcpu = a.vcpu) AS offset,
       a.key
  FROM fact_agg a JOIN run r ON r.id = a.run_id
  LEFT JOIN v_hypercall_name h ON h.version = r.xen_version
       AND h.nr = a.key >> 32
  LEFT JOIN abi_subop s ON s.version = r.xen_version
       AND s.hypercall = h.name AND s.nr = (a.key & 4294967295)
 WHERE a.kind = 'hypercall_subop';

-- Traps per vector and error code: trap facts are rows, all kept.
CREATE VIEW report_traps AS
SELECT f.run_id, f.domid, f.vcpu, f.kind, f.key AS vector,
       coalesce(x.mnemonic, 'vec' || f.key) AS mnemonic,
       coalesce(x.name, CASE WHEN f.key >= 32 THEN 'interrupt'
                             ELSE 'reserved' END) AS name,
       x.has_error_code, f.error_code, count(*) AS count,
       min(f.tsc) AS first_tsc, min(f.offset) AS offset
  FROM fact f LEFT JOIN x86_vector x ON x.vector = f.key
 WHERE f.kind IN ('trap', 'hvm_inj_exc', 'hvm_trap') AND f.sample = 0
 GROUP BY f.run_id, f.domid, f.vcpu, f.kind, f.key, f.error_code;

CREATE VIEW report_trap_vectors AS
SELECT run_id, vector, mnemonic, sum(count) AS count FROM v_trap
 GROUP BY run_id, vector;

-- What the run could observe, per fact kind (schema 013).
CREATE VIEW report_observable AS
SELECT v.run_id, k.kind, v.class, v.traced, v.reason, v.detail
  FROM fact_kind k JOIN v_run_class v ON v.class = k.trc_class;

-- Snapshots that read a trap table and found no entry installed.
CREATE VIEW report_snap_traps_empty AS
SELECT s.run_id, s.id, s.domid, s.vcpu, s.phase, s.guest_type, s.source
  FROM snapshot s
 WHERE s.traps_read
   AND NOT EXISTS (SELECT 1 FROM snapshot_trap t WHERE t.snapshot_id = s.id);

CREATE VIEW report_snapshots AS
SELECT run_id, id, domid, vcpu, phase, user_mode_seen, tsc, guest_type,
       source, traps_read, gdt_read
  FROM snapshot;

CREATE VIEW report_snap_traps AS
SELECT s.run_id, s.id, s.domid, s.vcpu, s.phase, s.guest_type, s.source,
       t.vector, t.flags, t.cs, t.address
  FROM snapshot s JOIN snapshot_trap t ON t.snapshot_id = s.id;

CREATE VIEW report_snap_callbacks AS
SELECT s.run_id, s.id, s.domid, s.vcpu, s.phase, s.guest_type, s.source,
       c.type, c.cs, c.address
  FROM snapshot s JOIN snapshot_callback c ON c.snapshot_id = s.id;

CREATE VIEW report_snap_segments AS
SELECT s.run_id, s.id, s.domid, s.vcpu, s.phase, s.guest_type, s.source,
       g.reg, g.selector, g.base, g.seg_limit, g.attr, g.source_label,
       (SELECT d.raw FROM snapshot_gdt d
         WHERE d.snapshot_id = s.id AND d.idx = (g.selector >> 3)
           AND (g.selector & 4) = 0 AND (g.selector & 65532) <> 0) AS raw
  FROM snapshot s JOIN snapshot_segment g ON g.snapshot_id = s.id;

-- Each distinct real-mode segment state of an HVM or PVH vCPU, with the
-- snapshots that saw it (v_snapshot_mode).
CREATE VIEW report_hvm_real_mode AS
SELECT s.run_id, s.domid, s.vcpu, g.reg, g.selector, g.base, g.seg_limit,
       g.attr, min(s.id) AS first_snapshot, max(s.id) AS last_snapshot,
       count(*) AS snapshots
  FROM snapshot s
  JOIN v_snapshot_mode m ON m.snapshot_id = s.id
  JOIN snapshot_segment g ON g.snapshot_id = s.id
 WHERE m.mode = 'real' AND g.base IS NOT NULL
   AND g.reg IN ('cs', 'ss', 'ds', 'es', 'fs', 'gs')
 GROUP BY s.run_id, s.domid, s.vcpu, g.reg, g.selector, g.base, g.seg_limit,
          g.attr;

-- Segment loads into or out of real mode, with the mode each side.
CREATE VIEW report_hvm_segment_loads AS
SELECT run_id, domid, vcpu, reg, before_snapshot, after_snapshot,
       old_selector, new_selector, old_base, new_base, old_limit,
       new_limit, old_attr, new_attr, old_mode, new_mode
  FROM v_segment_load
 WHERE old_mode = 'real' OR new_mode = 'real';

CREATE VIEW report_snap_regs AS
SELECT s.run_id, s.id, s.domid, s.vcpu, s.phase, s.guest_type, s.source,
       r.name, r.value
  FROM snapshot s JOIN snapshot_reg r ON r.snapshot_id = s.id;

CREATE VIEW report_snap_start_info AS
SELECT s.run_id, s.id, s.domid, s.vcpu, s.phase, s.source, i.gpa, i.magic,
       i.version, i.flags, i.nr_modules
  FROM snapshot s JOIN snapshot_start_info i ON i.snapshot_id = s.id;

CREATE VIEW report_flat_selectors AS
SELECT r.id AS run_id, c.name, c.value, c.header, c.comment
  FROM abi_constant c JOIN run r ON r.xen_version = c.version
 WHERE c.kind IN ('flat_selector', 'gdt');

CREATE VIEW report_abi_versions AS
SELECT version, source, interface_version FROM abi_version;

CREATE VIEW report_abi_hypercalls AS
SELECT version, nr, name, x86_only, deprecated, dropped
  FROM abi_hypercall WHERE alias_of IS NULL;

-- Hypercalls as observed, per Xen version of the runs that traced them:
-- calls of every kind (direct, in multicalls, VMCALL/VMMCALL), the guests
-- (run and domain) and runs that made them.
CREATE VIEW report_abi_observed AS
SELECT r.xen_version AS version, h.nr, max(h.name) AS name,
       max(h.defined) AS defined,
       sum(h.calls + h.subcalls + h.hvm_calls) AS calls,
       count(DISTINCT CASE WHEN h.domid >= 0 AND h.domid <> 32767
                           THEN h.run_id || ':' || h.domid END) AS guests,
       count(DISTINCT h.run_id) AS runs
  FROM v_hypercall h JOIN run r ON r.id = h.run_id
 GROUP BY r.xen_version, h.nr;

-- The runs behind those observations, per Xen version.
CREATE VIEW report_abi_observed_runs AS
SELECT r.xen_version AS version, count(DISTINCT r.id) AS runs,
       group_concat(r.id, ', ') AS ids
  FROM run r
 WHERE EXISTS (SELECT 1 FROM fact_agg a WHERE a.run_id = r.id
                  AND a.kind IN ('hypercall', 'subcall', 'hvm_vmmcall'))
 GROUP BY r.xen_version;

CREATE VIEW report_abi_constants AS
SELECT version, kind, name, value, header, comment FROM abi_constant
 WHERE kind IN ('elfnote', 'vmasst', 'callbacktype', 'flat_selector',
                'trc');

CREATE VIEW report_elfnotes AS
SELECT r.id AS run_id, c.name, c.value
  FROM abi_constant c JOIN run r ON r.xen_version = c.version
 WHERE c.kind = 'elfnote';

-- A kernel image's Xen notes (xabi collect --image).
CREATE VIEW report_image_notes AS
SELECT e.run_id, e.seq, e.type, coalesce(e.name, c.name) AS name, e.offset,
       e.size, e.value, e.text, hex(e.raw) AS raw
  FROM elfnote e JOIN run r ON r.id = e.run_id
  LEFT JOIN abi_constant c ON c.version = r.xen_version
       AND c.kind = 'elfnote' AND c.value = e.type
       AND c.name NOT LIKE '%\_MAX' ESCAPE '\';

CREATE VIEW report_check_run AS
SELECT run_id, checked_at, xabi_version, rules FROM check_run;

CREATE VIEW report_findings AS
SELECT run_id, id, rule_id, verdict, reason, domid, vcpu, tsc, snapshot_id,
       offset, fact_kind, fact_key, count, message
  FROM finding;

-- The report_g_* views hold every run of a Xen version: the pages show
-- what was observed once per version, with the runs, domains and vCPUs
-- that showed each value ("run 3 d1v0") in column who.
CREATE VIEW report_g_findings AS
SELECT r.xen_version, f.run_id, f.id, f.rule_id, f.verdict, f.reason,
       f.domid, f.vcpu, f.tsc, f.snapshot_id, f.offset, f.fact_kind,
       f.fact_key, f.count, f.message
  FROM finding f JOIN run r ON r.id = f.run_id;

CREATE VIEW report_g_hypercall_observed AS
SELECT xen_version, nr, name, defined, sum(calls) AS calls,
       sum(subcalls) AS subcalls, sum(hvm_calls) AS hvm_calls,
       group_concat(CASE WHEN calls + subcalls > 0 THEN who END, ', ')
           AS pv_who,
       group_concat(CASE WHEN hvm_calls > 0 THEN who END, ', ') AS hvm_who
  FROM (SELECT r.xen_version, h.nr, h.name, h.defined, h.run_id, h.domid,
               sum(h.calls) AS calls, sum(h.subcalls) AS subcalls,
               sum(h.hvm_calls) AS hvm_calls,
               'run ' || h.run_id ||
               CASE h.domid WHEN -1 THEN ' unknown domain'
                            WHEN 32767 THEN ' idle'
                            ELSE ' d' || h.domid END AS who
          FROM v_hypercall h JOIN run r ON r.id = h.run_id
         GROUP BY r.xen_version, h.nr, h.run_id, h.domid
         ORDER BY h.run_id, h.domid)
 GROUP BY xen_version, nr;

CREATE VIEW report_g_subops AS
SELECT xen_version, hypercall, subop, name, sum(count) AS count,
       group_concat(who, ', ') AS who, key
  FROM (SELECT r.xen_version,
               coalesce(h.name, 'hypercall_' || (a.key >> 32)) AS hypercall,
               a.key & 4294967295 AS subop, s.name, a.count, a.key,
               'run ' || a.run_id || ' d' || a.domid || 'v' || a.vcpu
                   AS who
          FROM fact_agg a JOIN run r ON r.id = a.run_id
          LEFT JOIN v_hypercall_name h ON h.version = r.xen_version
               AND h.nr = a.key >> 32
          LEFT JOIN abi_subop s ON s.version = r.xen_version
               AND s.hypercall = h.name AND s.nr = (a.key & 4294967295)
         WHERE a.kind = 'hypercall_subop'
         ORDER BY a.run_id, a.domid, a.vcpu)
 GROUP BY xen_version, key;

CREATE VIEW report_g_traps AS
SELECT xen_version, kind, vector, mnemonic, name, has_error_code,
       error_code, sum(count) AS count, group_concat(who, ', ') AS who
  FROM (SELECT r.xen_version, f.kind, f.key AS vector,
               coalesce(x.mnemonic, 'vec' || f.key) AS mnemonic,
               coalesce(x.name, CASE WHEN f.key >= 32 THEN 'interrupt'
                                     ELSE 'reserved' END) AS name,
               x.has_error_code, f.error_code, count(*) AS count,
               'run ' || f.run_id || ' d' || f.domid || 'v' || f.vcpu ||
               ' byte ' || min(f.offset) AS who
          FROM fact f JOIN run r ON r.id = f.run_id
          LEFT JOIN x86_vector x ON x.vector = f.key
         WHERE f.kind IN ('trap', 'hvm_inj_exc', 'hvm_trap')
           AND f.sample = 0
         GROUP BY r.xen_version, f.kind, f.key, f.error_code, f.run_id,
                  f.domid, f.vcpu
         ORDER BY f.run_id, f.domid, f.vcpu)
 GROUP BY xen_version, kind, vector, error_code;

CREATE VIEW report_g_trap_vectors AS
SELECT r.xen_version, t.vector, t.mnemonic, sum(t.count) AS count
  FROM v_trap t JOIN run r ON r.id = t.run_id
 GROUP BY r.xen_version, t.vector;

CREATE VIEW report_g_snap_traps AS
SELECT xen_version, guest_type, vector, flags, cs, address,
       group_concat(who, ', ') AS who
  FROM (SELECT r.xen_version, s.guest_type, t.vector, t.flags, t.cs,
               t.address,
               'run ' || s.run_id || ' d' || s.domid || 'v' || s.vcpu ||
               ' ' || s.phase AS who
          FROM snapshot s JOIN snapshot_trap t ON t.snapshot_id = s.id
          JOIN run r ON r.id = s.run_id
         ORDER BY s.run_id, s.domid, s.vcpu, s.id)
 GROUP BY xen_version, guest_type, vector, flags, cs, address;

CREATE VIEW report_g_snap_traps_empty AS
SELECT r.xen_version, s.run_id, s.id, s.domid, s.vcpu, s.phase,
       s.guest_type
  FROM snapshot s JOIN run r ON r.id = s.run_id
 WHERE s.traps_read
   AND NOT EXISTS (SELECT 1 FROM snapshot_trap t WHERE t.snapshot_id = s.id);

CREATE VIEW report_g_snap_callbacks AS
SELECT xen_version, guest_type, type, cs, address,
       group_concat(who, ', ') AS who
  FROM (SELECT r.xen_version, s.guest_type, c.type, c.cs, c.address,
               'run ' || s.run_id || ' d' || s.domid || 'v' || s.vcpu ||
               ' ' || s.phase AS who
          FROM snapshot s JOIN snapshot_callback c ON c.snapshot_id = s.id
          JOIN run r ON r.id = s.run_id
         ORDER BY s.run_id, s.domid, s.vcpu, s.id)
 GROUP BY xen_version, guest_type, type, cs, address;

-- Segment registers by guest type, phase and value.
CREATE VIEW report_g_snap_segments AS
SELECT xen_version, guest_type, phase, reg, selector, base, seg_limit, attr,
       raw, group_concat(who, ', ') AS who, group_concat(id, ' ') AS ids,
       group_concat(labels, ', ') AS labels
  FROM (SELECT r.xen_version, s.guest_type, s.phase, g.reg, g.selector,
               g.base, g.seg_limit, g.attr, s.id,
               (SELECT d.raw FROM snapshot_gdt d
                 WHERE d.snapshot_id = s.id AND d.idx = (g.selector >> 3)
                   AND (g.selector & 4) = 0
                   AND (g.selector & 65532) <> 0) AS raw,
               'run ' || s.run_id || ' d' || s.domid || 'v' || s.vcpu
                   AS who,
               CASE WHEN g.source_label IS NOT NULL
                         AND g.source_label <> g.reg
                    THEN 'run ' || s.run_id || ': printed as ' ||
                         g.source_label END AS labels
          FROM snapshot s JOIN snapshot_segment g ON g.snapshot_id = s.id
          JOIN run r ON r.id = s.run_id
         ORDER BY s.run_id, s.domid, s.vcpu, s.id)
 GROUP BY xen_version, guest_type, phase, reg, selector, base, seg_limit,
          attr, raw;

-- The PVH page's snapshots, registers, segments and start info.
CREATE VIEW report_g_snapshots AS
SELECT r.xen_version, s.run_id, s.id, s.domid, s.vcpu, s.phase,
       s.guest_type, s.source
  FROM snapshot s JOIN run r ON r.id = s.run_id;

CREATE VIEW report_g_snap_regs AS
SELECT r.xen_version, s.id, g.name, g.value
  FROM snapshot s JOIN snapshot_reg g ON g.snapshot_id = s.id
  JOIN run r ON r.id = s.run_id;

CREATE VIEW report_g_snap_segs AS
SELECT r.xen_version, s.id, g.reg, g.selector, g.base, g.seg_limit, g.attr,
       g.source_label
  FROM snapshot s JOIN snapshot_segment g ON g.snapshot_id = s.id
  JOIN run r ON r.id = s.run_id;

-- Registers at a guest's start of day, each value once with its vCPUs.
CREATE VIEW report_g_initial_regs AS
SELECT xen_version, guest_type, name, value, group_concat(who, ', ') AS who
  FROM (SELECT r.xen_version, s.guest_type, g.name, g.value,
               'run ' || s.run_id || ' d' || s.domid || 'v' || s.vcpu
                   AS who
          FROM snapshot s JOIN snapshot_reg g ON g.snapshot_id = s.id
          JOIN run r ON r.id = s.run_id
         WHERE s.phase = 'initial'
         ORDER BY s.run_id, s.domid, s.vcpu)
 GROUP BY xen_version, guest_type, name, value;

-- The entry notes of every kernel image collected (any version).
CREATE VIEW report_entry_notes AS
SELECT e.run_id, r.source_path, coalesce(e.name, c.name) AS name, e.value,
       e.seq
  FROM elfnote e JOIN run r ON r.id = e.run_id
  LEFT JOIN abi_constant c ON c.version = r.xen_version
       AND c.kind = 'elfnote' AND c.value = e.type
       AND c.name NOT LIKE '%\_MAX' ESCAPE '\'
 WHERE coalesce(e.name, c.name) IN ('XEN_ELFNOTE_ENTRY',
                                    'XEN_ELFNOTE_PHYS32_ENTRY',
                                    'XEN_ELFNOTE_HYPERCALL_PAGE');

CREATE VIEW report_g_snap_start_info AS
SELECT r.xen_version, s.id, i.gpa, i.magic, i.version, i.flags,
       i.nr_modules, i.modlist_paddr, i.cmdline_paddr, i.rsdp_paddr,
       i.memmap_paddr, i.memmap_entries
  FROM snapshot s JOIN snapshot_start_info i ON i.snapshot_id = s.id
  JOIN run r ON r.id = s.run_id;

-- Rule DOC-001's verdicts on the claims register (abi/claims.c), one per
-- claim and run: fact_key is the claim's number.
CREATE VIEW report_claims AS
SELECT f.fact_key AS claim, f.run_id, f.verdict, f.reason, f.message,
       f.snapshot_id, f.domid, f.vcpu, r.xen_version, r.source_kind,
       r.source_path
  FROM finding f JOIN run r ON r.id = f.run_id
 WHERE f.rule_id = 'DOC-001' AND f.fact_kind = 'claim';

CREATE VIEW report_rules AS
SELECT id, title, severity, citation, doc FROM rule;

CREATE VIEW report_finding_rules AS
SELECT DISTINCT rule_id FROM finding;
