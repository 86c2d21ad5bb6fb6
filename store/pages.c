/*
 * pages.c: the named read queries behind the generator's pages, and
 * whether a table exists (the analyzer's findings and the snapshots are
 * optional: a database made before them, or a run never checked, still
 * renders).  Queries that take a run read it as ?1.
 */
#include "store/store-int.h"

#include <string.h>

static const struct xabi_named_query page_queries[] = {
    { "page_runs",
      "SELECT id, source_kind, source_path, source_size, source_sha256, "
      "xen_version, label, collected_at, xabi_version, status, "
      "status_detail, records, lost_records, unknown_records, "
      /*
       * A snapshot run of several dumps: its sha256 is over them all;
       * run_file (schema 8) has each one's, a run collected before it only
       * the dumps' names.
       */
      "(SELECT count(DISTINCT s.source) FROM snapshot s WHERE s.run_id = "
      "run.id AND run.source_kind = 'snapshot') AS nfiles, "
      "(SELECT group_concat(DISTINCT s.source) FROM snapshot s WHERE "
      "s.run_id = run.id AND run.source_kind = 'snapshot') AS files, "
      "(SELECT group_concat(path || char(9) || sha256, char(10)) FROM "
      "(SELECT path, sha256 FROM run_file f WHERE f.run_id = run.id "
      "ORDER BY seq)) AS file_hashes "
      "FROM run ORDER BY id" },
    { "page_domains",
      "SELECT d.domid, d.records, "
      "(SELECT count(*) FROM vcpu v WHERE v.run_id = d.run_id "
      "AND v.domid = d.domid) AS vcpus FROM domain d WHERE d.run_id = ?1 "
      "ORDER BY d.domid < 0, d.domid" },
    /* The run's Xen version's hypercalls, compat aliases folded in. */
    { "page_hypercall_catalogue",
      "SELECT h.nr, h.name, h.x86_only, h.deprecated, h.dropped, "
      "(SELECT group_concat(a.name, ', ') FROM abi_hypercall a "
      "WHERE a.version = h.version AND a.nr = h.nr AND a.alias_of IS NOT "
      "NULL) AS aliases, "
      "(SELECT group_concat(a.comment, '; ') FROM abi_hypercall a "
      "WHERE a.version = h.version AND a.nr = h.nr) AS comment "
      "FROM v_hypercall_name h JOIN run r ON r.xen_version = h.version "
      "WHERE r.id = ?1 ORDER BY h.nr" },
    { "page_hypercall_observed",
      "SELECT nr, name, defined, domid, group_concat(vcpu, ' ') AS vcpus, "
      "sum(calls) AS calls, sum(subcalls) AS subcalls, "
      "sum(hvm_calls) AS hvm_calls, min(first_tsc) AS first_tsc "
      "FROM v_hypercall WHERE run_id = ?1 GROUP BY nr, domid "
      "ORDER BY nr, domid" },
    /*
     * Sub-ops of every call whose trace record carries one (grant_table_op,
     * vcpu_op, sched_op: the collector's hypercall_subop aggregates), with
     * the first sampled record of each.
     */
    /* The guest types a run has snapshots of. */
    { "page_snapshot_types",
      "SELECT DISTINCT guest_type FROM snapshot WHERE run_id = ?1" },
    { "page_subops",
      "SELECT a.domid, a.vcpu, coalesce(h.name, 'hypercall_' || "
      "(a.key >> 32)) AS hypercall, a.key & 4294967295 AS subop, s.name, "
      "a.count, (SELECT min(f.offset) FROM fact f WHERE f.run_id = a.run_id "
      "AND f.kind = a.kind AND f.key = a.key AND f.domid = a.domid "
      "AND f.vcpu = a.vcpu) AS offset "
      "FROM fact_agg a JOIN run r ON r.id = a.run_id "
      "LEFT JOIN v_hypercall_name h ON h.version = r.xen_version "
      "AND h.nr = a.key >> 32 "
      "LEFT JOIN abi_subop s ON s.version = r.xen_version "
      "AND s.hypercall = h.name AND s.nr = (a.key & 4294967295) "
      "WHERE a.run_id = ?1 AND a.kind = 'hypercall_subop' "
      "ORDER BY a.domid, a.vcpu, a.key" },
    /* Traps per vector and error code: trap facts are rows, all kept. */
    { "page_traps",
      "SELECT f.domid, f.vcpu, f.kind, f.key AS vector, "
      "coalesce(x.mnemonic, 'vec' || f.key) AS mnemonic, "
      "coalesce(x.name, CASE WHEN f.key >= 32 THEN 'interrupt' "
      "ELSE 'reserved' END) AS name, x.has_error_code, "
      "f.error_code, count(*) AS count, min(f.tsc) AS first_tsc, "
      "min(f.offset) AS offset "
      "FROM fact f LEFT JOIN x86_vector x ON x.vector = f.key "
      "WHERE f.run_id = ?1 AND f.kind IN ('trap', 'hvm_inj_exc', "
      "'hvm_trap') AND f.sample = 0 "
      "GROUP BY f.domid, f.vcpu, f.kind, f.key, f.error_code "
      "ORDER BY f.kind, f.domid, f.vcpu, f.key, f.error_code" },
    { "page_trap_vectors",
      "SELECT vector, mnemonic, sum(count) AS count FROM v_trap "
      "WHERE run_id = ?1 GROUP BY vector ORDER BY vector" },
    /* What the run could observe, per fact kind (schema 013). */
    { "page_observable",
      "SELECT k.kind, v.class, v.traced, v.reason, v.detail "
      "FROM fact_kind k JOIN v_run_class v ON v.class = k.trc_class "
      "WHERE v.run_id = ?1 ORDER BY k.kind" },
    /* Snapshots that read a trap table and found no entry installed. */
    { "page_snap_traps_empty",
      "SELECT s.id, s.domid, s.vcpu, s.phase, s.guest_type, s.source "
      "FROM snapshot s WHERE s.run_id = ?1 AND s.traps_read "
      "AND NOT EXISTS (SELECT 1 FROM snapshot_trap t "
      "WHERE t.snapshot_id = s.id) ORDER BY s.domid, s.vcpu, s.id" },
    { "page_snapshots",
      "SELECT id, domid, vcpu, phase, user_mode_seen, tsc, guest_type, "
      "source, traps_read, gdt_read FROM snapshot WHERE run_id = ?1 "
      "ORDER BY domid, vcpu, id" },
    { "page_snap_traps",
      "SELECT s.id, s.domid, s.vcpu, s.phase, s.guest_type, s.source, "
      "t.vector, t.flags, t.cs, t.address "
      "FROM snapshot s JOIN snapshot_trap t ON t.snapshot_id = s.id "
      "WHERE s.run_id = ?1 ORDER BY s.domid, s.vcpu, s.id, t.vector" },
    { "page_snap_callbacks",
      "SELECT s.id, s.domid, s.vcpu, s.phase, s.guest_type, s.source, "
      "c.type, c.cs, c.address "
      "FROM snapshot s JOIN snapshot_callback c ON c.snapshot_id = s.id "
      "WHERE s.run_id = ?1 ORDER BY s.domid, s.vcpu, s.id, c.type" },
    { "page_snap_segments",
      "SELECT s.id, s.domid, s.vcpu, s.phase, s.guest_type, s.source, "
      "g.reg, g.selector, g.base, g.seg_limit, g.attr, g.source_label, "
      "(SELECT d.raw FROM snapshot_gdt d WHERE d.snapshot_id = s.id "
      "AND d.idx = (g.selector >> 3) AND (g.selector & 4) = 0 "
      "AND (g.selector & 65532) <> 0) AS raw "
      "FROM snapshot s JOIN snapshot_segment g ON g.snapshot_id = s.id "
      "WHERE s.run_id = ?1 ORDER BY s.domid, s.vcpu, s.id, "
      "instr('cs ss ds es fs gs tr ldtr', g.reg)" },
    /* Each distinct real-mode segment state of an HVM or PVH vCPU, with
     * the snapshots that saw it (v_snapshot_mode). */
    { "page_hvm_real_mode",
      "SELECT s.domid, s.vcpu, g.reg, g.selector, g.base, g.seg_limit, "
      "g.attr, min(s.id) AS first_snapshot, max(s.id) AS last_snapshot, "
      "count(*) AS snapshots FROM snapshot s "
      "JOIN v_snapshot_mode m ON m.snapshot_id = s.id "
      "JOIN snapshot_segment g ON g.snapshot_id = s.id "
      "WHERE s.run_id = ?1 AND m.mode = 'real' AND g.base IS NOT NULL "
      "AND g.reg IN ('cs', 'ss', 'ds', 'es', 'fs', 'gs') "
      "GROUP BY s.domid, s.vcpu, g.reg, g.selector, g.base, g.seg_limit, "
      "g.attr ORDER BY s.domid, s.vcpu, min(s.id), "
      "instr('cs ss ds es fs gs', g.reg)" },
    /* Segment loads into or out of real mode, with the mode each side. */
    { "page_hvm_segment_loads",
      "SELECT domid, vcpu, reg, before_snapshot, after_snapshot, "
      "old_selector, new_selector, old_base, new_base, old_limit, "
      "new_limit, old_attr, new_attr, old_mode, new_mode "
      "FROM v_segment_load WHERE run_id = ?1 "
      "AND (old_mode = 'real' OR new_mode = 'real') "
      "ORDER BY domid, vcpu, after_snapshot, "
      "instr('cs ss ds es fs gs tr ldtr', reg)" },
    { "page_snap_regs",
      "SELECT s.id, s.domid, s.vcpu, s.phase, s.guest_type, s.source, "
      "r.name, r.value FROM snapshot s "
      "JOIN snapshot_reg r ON r.snapshot_id = s.id "
      "WHERE s.run_id = ?1 ORDER BY s.domid, s.vcpu, s.id, r.name" },
    { "page_snap_start_info",
      "SELECT s.id, s.domid, s.vcpu, s.phase, s.source, i.gpa, i.magic, "
      "i.version, i.flags, i.nr_modules FROM snapshot s "
      "JOIN snapshot_start_info i ON i.snapshot_id = s.id "
      "WHERE s.run_id = ?1 ORDER BY s.domid, s.vcpu, s.id" },
    { "page_flat_selectors",
      "SELECT c.name, c.value, c.header, c.comment FROM abi_constant c "
      "JOIN run r ON r.xen_version = c.version WHERE r.id = ?1 "
      "AND c.kind IN ('flat_selector', 'gdt') ORDER BY c.header, c.name" },
    { "page_abi_versions",
      "SELECT version, source, interface_version FROM abi_version" },
    { "page_abi_hypercalls",
      "SELECT version, nr, name, x86_only, deprecated, dropped "
      "FROM abi_hypercall WHERE alias_of IS NULL ORDER BY version, nr" },
    /*
     * Hypercalls as observed, per Xen version of the runs that traced
     * them: calls of every kind (direct, in multicalls, VMCALL/VMMCALL),
     * the guests (run and domain) and runs that made them.
     */
    { "page_abi_observed",
      "SELECT r.xen_version AS version, h.nr, max(h.name) AS name, "
      "max(h.defined) AS defined, "
      "sum(h.calls + h.subcalls + h.hvm_calls) AS calls, "
      "count(DISTINCT CASE WHEN h.domid >= 0 AND h.domid <> 32767 "
      "THEN h.run_id || ':' || h.domid END) AS guests, "
      "count(DISTINCT h.run_id) AS runs "
      "FROM v_hypercall h JOIN run r ON r.id = h.run_id "
      "GROUP BY r.xen_version, h.nr ORDER BY h.nr" },
    /* The runs behind those observations, per Xen version. */
    { "page_abi_observed_runs",
      "SELECT r.xen_version AS version, count(DISTINCT r.id) AS runs, "
      "group_concat(r.id, ', ') AS ids FROM run r WHERE EXISTS "
      "(SELECT 1 FROM fact_agg a WHERE a.run_id = r.id AND a.kind IN "
      "('hypercall', 'subcall', 'hvm_vmmcall')) GROUP BY r.xen_version" },
    { "page_abi_constants",
      "SELECT version, kind, name, value, header, comment FROM abi_constant "
      "WHERE kind IN ('elfnote', 'vmasst', 'callbacktype', 'flat_selector', "
      "'trc') ORDER BY version, kind, value, name" },
    { "page_elfnotes",
      "SELECT c.name, c.value FROM abi_constant c JOIN run r "
      "ON r.xen_version = c.version WHERE r.id = ?1 AND c.kind = 'elfnote' "
      "ORDER BY c.value, c.name" },
    /* A kernel image's Xen notes (xabi collect --image), in file order. */
    { "page_image_notes",
      "SELECT e.seq, e.type, coalesce(e.name, c.name) AS name, e.offset, "
      "e.size, e.value, e.text, hex(e.raw) AS raw "
      "FROM elfnote e JOIN run r ON r.id = e.run_id "
      "LEFT JOIN abi_constant c ON c.version = r.xen_version "
      "AND c.kind = 'elfnote' AND c.value = e.type "
      "AND c.name NOT LIKE '%\\_MAX' ESCAPE '\\' "
      "WHERE e.run_id = ?1 ORDER BY e.seq" },
    { "page_check_run",
      "SELECT run_id, checked_at, xabi_version, rules FROM check_run "
      "WHERE run_id = ?1" },
    { "page_findings",
      "SELECT id, rule_id, verdict, reason, domid, vcpu, tsc, snapshot_id, "
      "offset, fact_kind, fact_key, count, message FROM finding "
      "WHERE run_id = ?1 ORDER BY rule_id, "
      "CASE verdict WHEN 'FAIL' THEN 0 WHEN 'WARN' THEN 1 WHEN 'INFO' "
      "THEN 2 WHEN 'PASS' THEN 3 ELSE 4 END, domid, vcpu, id" },
    /*
     * The page_g_* queries read every run of ?1's Xen version: the pages
     * show what was observed once per version, with the runs, domains and
     * vCPUs that showed each value ("run 3 d1v0") in column who.
     */
    { "page_g_findings",
      "SELECT f.run_id, f.id, f.rule_id, f.verdict, f.reason, f.domid, "
      "f.vcpu, f.tsc, f.snapshot_id, f.offset, f.fact_kind, f.fact_key, "
      "f.count, f.message FROM finding f JOIN run r ON r.id = f.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "ORDER BY f.rule_id, f.run_id, f.domid, f.vcpu, f.id" },
    { "page_g_hypercall_observed",
      "SELECT nr, name, defined, sum(calls) AS calls, "
      "sum(subcalls) AS subcalls, sum(hvm_calls) AS hvm_calls, "
      "group_concat(CASE WHEN calls + subcalls > 0 THEN who END, ', ') "
      "AS pv_who, "
      "group_concat(CASE WHEN hvm_calls > 0 THEN who END, ', ') AS hvm_who "
      "FROM (SELECT h.nr, h.name, h.defined, h.run_id, h.domid, "
      "sum(h.calls) AS calls, sum(h.subcalls) AS subcalls, "
      "sum(h.hvm_calls) AS hvm_calls, 'run ' || h.run_id || "
      "CASE h.domid WHEN -1 THEN ' unknown domain' WHEN 32767 THEN ' idle' "
      "ELSE ' d' || h.domid END AS who "
      "FROM v_hypercall h JOIN run r ON r.id = h.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "GROUP BY h.nr, h.run_id, h.domid ORDER BY h.run_id, h.domid) "
      "GROUP BY nr ORDER BY nr" },
    { "page_g_subops",
      "SELECT hypercall, subop, name, sum(count) AS count, "
      "group_concat(who, ', ') AS who FROM ("
      "SELECT coalesce(h.name, 'hypercall_' || (a.key >> 32)) AS hypercall, "
      "a.key & 4294967295 AS subop, s.name, a.count, a.key, "
      "'run ' || a.run_id || ' d' || a.domid || 'v' || a.vcpu AS who "
      "FROM fact_agg a JOIN run r ON r.id = a.run_id "
      "LEFT JOIN v_hypercall_name h ON h.version = r.xen_version "
      "AND h.nr = a.key >> 32 "
      "LEFT JOIN abi_subop s ON s.version = r.xen_version "
      "AND s.hypercall = h.name AND s.nr = (a.key & 4294967295) "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "AND a.kind = 'hypercall_subop' "
      "ORDER BY a.run_id, a.domid, a.vcpu) GROUP BY key ORDER BY key" },
    { "page_g_traps",
      "SELECT kind, vector, mnemonic, name, has_error_code, error_code, "
      "sum(count) AS count, group_concat(who, ', ') AS who FROM ("
      "SELECT f.kind, f.key AS vector, "
      "coalesce(x.mnemonic, 'vec' || f.key) AS mnemonic, "
      "coalesce(x.name, CASE WHEN f.key >= 32 THEN 'interrupt' "
      "ELSE 'reserved' END) AS name, x.has_error_code, f.error_code, "
      "count(*) AS count, 'run ' || f.run_id || ' d' || f.domid || 'v' || "
      "f.vcpu || ' byte ' || min(f.offset) AS who "
      "FROM fact f JOIN run r ON r.id = f.run_id "
      "LEFT JOIN x86_vector x ON x.vector = f.key "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "AND f.kind IN ('trap', 'hvm_inj_exc', 'hvm_trap') AND f.sample = 0 "
      "GROUP BY f.kind, f.key, f.error_code, f.run_id, f.domid, f.vcpu "
      "ORDER BY f.run_id, f.domid, f.vcpu) "
      "GROUP BY kind, vector, error_code ORDER BY kind, vector, error_code" },
    { "page_g_trap_vectors",
      "SELECT t.vector, t.mnemonic, sum(t.count) AS count FROM v_trap t "
      "JOIN run r ON r.id = t.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "GROUP BY t.vector ORDER BY t.vector" },
    { "page_g_snap_traps",
      "SELECT guest_type, vector, flags, cs, address, "
      "group_concat(who, ', ') AS who FROM ("
      "SELECT s.guest_type, t.vector, t.flags, t.cs, t.address, "
      "'run ' || s.run_id || ' d' || s.domid || 'v' || s.vcpu || ' ' || "
      "s.phase AS who "
      "FROM snapshot s JOIN snapshot_trap t ON t.snapshot_id = s.id "
      "JOIN run r ON r.id = s.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "ORDER BY s.run_id, s.domid, s.vcpu, s.id) "
      "GROUP BY guest_type, vector, flags, cs, address "
      "ORDER BY guest_type, vector, who" },
    { "page_g_snap_traps_empty",
      "SELECT s.run_id, s.id, s.domid, s.vcpu, s.phase, s.guest_type "
      "FROM snapshot s JOIN run r ON r.id = s.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "AND s.traps_read AND NOT EXISTS (SELECT 1 FROM snapshot_trap t "
      "WHERE t.snapshot_id = s.id) ORDER BY s.run_id, s.domid, s.vcpu" },
    { "page_g_snap_callbacks",
      "SELECT guest_type, type, cs, address, group_concat(who, ', ') AS who "
      "FROM (SELECT s.guest_type, c.type, c.cs, c.address, "
      "'run ' || s.run_id || ' d' || s.domid || 'v' || s.vcpu || ' ' || "
      "s.phase AS who "
      "FROM snapshot s JOIN snapshot_callback c ON c.snapshot_id = s.id "
      "JOIN run r ON r.id = s.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "ORDER BY s.run_id, s.domid, s.vcpu, s.id) "
      "GROUP BY guest_type, type, cs, address "
      "ORDER BY guest_type, type, who" },
    /* Segment registers by guest type, phase and value. */
    { "page_g_snap_segments",
      "SELECT guest_type, phase, reg, selector, base, seg_limit, attr, raw, "
      "group_concat(who, ', ') AS who, group_concat(id, ' ') AS ids, "
      "group_concat(labels, ', ') AS labels FROM ("
      "SELECT s.guest_type, s.phase, g.reg, g.selector, g.base, g.seg_limit, "
      "g.attr, s.id, "
      "(SELECT d.raw FROM snapshot_gdt d WHERE d.snapshot_id = s.id "
      "AND d.idx = (g.selector >> 3) AND (g.selector & 4) = 0 "
      "AND (g.selector & 65532) <> 0) AS raw, "
      "'run ' || s.run_id || ' d' || s.domid || 'v' || s.vcpu AS who, "
      "CASE WHEN g.source_label IS NOT NULL AND g.source_label <> g.reg "
      "THEN 'run ' || s.run_id || ': printed as ' || g.source_label END "
      "AS labels "
      "FROM snapshot s JOIN snapshot_segment g ON g.snapshot_id = s.id "
      "JOIN run r ON r.id = s.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "ORDER BY s.run_id, s.domid, s.vcpu, s.id) "
      "GROUP BY guest_type, phase, reg, selector, base, seg_limit, attr, raw "
      "ORDER BY guest_type, phase = 'initial' DESC, phase, "
      "instr('cs ss ds es fs gs tr ldtr', reg), who" },
    /* The PVH page's snapshots, registers, segments and start info. */
    { "page_g_snapshots",
      "SELECT s.run_id, s.id, s.domid, s.vcpu, s.phase, s.guest_type, "
      "s.source FROM snapshot s JOIN run r ON r.id = s.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "ORDER BY s.run_id, s.domid, s.vcpu, s.id" },
    { "page_g_snap_regs",
      "SELECT s.id, g.name, g.value FROM snapshot s "
      "JOIN snapshot_reg g ON g.snapshot_id = s.id "
      "JOIN run r ON r.id = s.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1)" },
    { "page_g_snap_segs",
      "SELECT s.id, g.reg, g.selector, g.base, g.seg_limit, g.attr, "
      "g.source_label FROM snapshot s "
      "JOIN snapshot_segment g ON g.snapshot_id = s.id "
      "JOIN run r ON r.id = s.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1)" },
    /* Registers at a guest's start of day, each value once with its vCPUs. */
    { "page_g_initial_regs",
      "SELECT guest_type, name, value, group_concat(who, ', ') AS who FROM ("
      "SELECT s.guest_type, g.name, g.value, "
      "'run ' || s.run_id || ' d' || s.domid || 'v' || s.vcpu AS who "
      "FROM snapshot s JOIN snapshot_reg g ON g.snapshot_id = s.id "
      "JOIN run r ON r.id = s.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "AND s.phase = 'initial' ORDER BY s.run_id, s.domid, s.vcpu) "
      "GROUP BY guest_type, name, value ORDER BY guest_type, name, who" },
    /* The entry notes of every kernel image collected (any version). */
    { "page_entry_notes",
      "SELECT e.run_id, r.source_path, coalesce(e.name, c.name) AS name, "
      "e.value FROM elfnote e JOIN run r ON r.id = e.run_id "
      "LEFT JOIN abi_constant c ON c.version = r.xen_version "
      "AND c.kind = 'elfnote' AND c.value = e.type "
      "AND c.name NOT LIKE '%\\_MAX' ESCAPE '\\' "
      "WHERE coalesce(e.name, c.name) IN ('XEN_ELFNOTE_ENTRY', "
      "'XEN_ELFNOTE_PHYS32_ENTRY', 'XEN_ELFNOTE_HYPERCALL_PAGE') "
      "ORDER BY e.run_id, e.seq" },
    { "page_g_snap_start_info",
      "SELECT s.id, i.gpa, i.magic, i.version, i.flags, i.nr_modules, "
      "i.modlist_paddr, i.cmdline_paddr, i.rsdp_paddr, i.memmap_paddr, "
      "i.memmap_entries FROM snapshot s "
      "JOIN snapshot_start_info i ON i.snapshot_id = s.id "
      "JOIN run r ON r.id = s.run_id "
      "WHERE r.xen_version = (SELECT xen_version FROM run WHERE id = ?1)" },
    /*
     * Rule DOC-001's verdicts on the claims register (abi/claims.c), one
     * per claim and run: fact_key is the claim's number.
     */
    { "page_claims",
      "SELECT f.fact_key AS claim, f.run_id, f.verdict, f.reason, "
      "f.message, f.snapshot_id, f.domid, f.vcpu, r.xen_version, "
      "r.source_kind, r.source_path FROM finding f "
      "JOIN run r ON r.id = f.run_id "
      "WHERE f.rule_id = 'DOC-001' AND f.fact_kind = 'claim' "
      "ORDER BY f.fact_key, CASE f.verdict WHEN 'INFO' THEN 0 "
      "WHEN 'PASS' THEN 1 ELSE 2 END, f.run_id" },
    { "page_rules",
      "SELECT id, title, severity, citation, doc FROM rule ORDER BY id" },
    { "page_finding_rules",
      "SELECT DISTINCT rule_id FROM finding ORDER BY rule_id" },
};

const struct xabi_named_query *xabi_store_page_query(const char *name)
{
    size_t i;

    for ( i = 0; i < sizeof(page_queries) / sizeof(page_queries[0]); i++ )
    {
        if ( strcmp(page_queries[i].name, name) == 0 )
            return &page_queries[i];
    }
    return NULL;
}

int xabi_store_table_exists(struct xabi_store *st, const char *table,
                            bool *exists)
{
    sqlite3_stmt *s;
    int rc;

    if ( sqlite3_prepare_v2(st->db,
                            "SELECT 1 FROM sqlite_schema WHERE name = ?1 "
                            "AND type IN ('table', 'view')",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "looking up tables");
    sqlite3_bind_text(s, 1, table, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    *exists = rc == SQLITE_ROW;
    sqlite3_finalize(s);
    if ( rc != SQLITE_ROW && rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "looking up tables");
    return 0;
}
