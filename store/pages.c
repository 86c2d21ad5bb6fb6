/*
 * pages.c: the named read queries behind the generator's pages, and
 * whether a table exists (the analyzer's findings and the snapshots are
 * optional: a database made before them, or a run never checked, still
 * renders).  Queries that take a run read it as ?1.
 *
 * What each page query returns is the view report_NAME of query page_NAME
 * (schema/091-report-views.sql); a query here only picks a run (run_id) or
 * its Xen version's runs (xen_version), and the order, which a view does
 * not keep.
 */
#include "store/store-int.h"

#include <string.h>

static const struct xabi_named_query page_queries[] = {
    { "page_runs",
      "SELECT id, source_kind, source_path, source_size, source_sha256, "
      "xen_version, label, collected_at, xabi_version, status, "
      "status_detail, records, lost_records, unknown_records, nfiles, "
      "files, file_hashes FROM report_runs ORDER BY id" },
    { "page_domains",
      "SELECT domid, records, vcpus FROM report_domains WHERE run_id = ?1 "
      "ORDER BY domid < 0, domid" },
    { "page_hypercall_catalogue",
      "SELECT nr, name, x86_only, deprecated, dropped, aliases, comment "
      "FROM report_hypercall_catalogue WHERE run_id = ?1 ORDER BY nr" },
    { "page_hypercall_observed",
      "SELECT nr, name, defined, domid, vcpus, calls, subcalls, "
      "hvm_calls, first_tsc FROM report_hypercall_observed WHERE run_id = "
      "?1 ORDER BY nr, domid" },
    { "page_snapshot_types",
      "SELECT guest_type FROM report_snapshot_types WHERE run_id = ?1 "
      "ORDER BY guest_type" },
    { "page_subops",
      "SELECT domid, vcpu, hypercall, subop, name, count, offset FROM "
      "report_subops WHERE run_id = ?1 ORDER BY domid, vcpu, key" },
    { "page_traps",
      "SELECT domid, vcpu, kind, vector, mnemonic, name, has_error_code, "
      "error_code, count, first_tsc, offset FROM report_traps WHERE "
      "run_id = ?1 ORDER BY kind, domid, vcpu, vector, error_code" },
    { "page_trap_vectors",
      "SELECT vector, mnemonic, count FROM report_trap_vectors WHERE "
      "run_id = ?1 ORDER BY vector" },
    { "page_observable",
      "SELECT kind, class, traced, reason, detail FROM report_observable "
      "WHERE run_id = ?1 ORDER BY kind" },
    { "page_snap_traps_empty",
      "SELECT id, domid, vcpu, phase, guest_type, source FROM "
      "report_snap_traps_empty WHERE run_id = ?1 ORDER BY domid, vcpu, id" },
    { "page_snapshots",
      "SELECT id, domid, vcpu, phase, user_mode_seen, tsc, guest_type, "
      "source, traps_read, gdt_read FROM report_snapshots WHERE run_id = "
      "?1 ORDER BY domid, vcpu, id" },
    { "page_snap_traps",
      "SELECT id, domid, vcpu, phase, guest_type, source, vector, flags, "
      "cs, address FROM report_snap_traps WHERE run_id = ?1 ORDER BY "
      "domid, vcpu, id, vector" },
    { "page_snap_callbacks",
      "SELECT id, domid, vcpu, phase, guest_type, source, type, cs, "
      "address FROM report_snap_callbacks WHERE run_id = ?1 ORDER BY "
      "domid, vcpu, id, type" },
    { "page_snap_segments",
      "SELECT id, domid, vcpu, phase, guest_type, source, reg, selector, "
      "base, seg_limit, attr, source_label, raw FROM report_snap_segments "
      "WHERE run_id = ?1 ORDER BY domid, vcpu, id, instr('cs ss ds es fs "
      "gs tr ldtr', reg)" },
    { "page_hvm_real_mode",
      "SELECT domid, vcpu, reg, selector, base, seg_limit, attr, "
      "first_snapshot, last_snapshot, snapshots FROM report_hvm_real_mode "
      "WHERE run_id = ?1 ORDER BY domid, vcpu, first_snapshot, instr('cs "
      "ss ds es fs gs', reg)" },
    { "page_hvm_segment_loads",
      "SELECT domid, vcpu, reg, before_snapshot, after_snapshot, "
      "old_selector, new_selector, old_base, new_base, old_limit, "
      "new_limit, old_attr, new_attr, old_mode, new_mode FROM "
      "report_hvm_segment_loads WHERE run_id = ?1 ORDER BY domid, vcpu, "
      "after_snapshot, instr('cs ss ds es fs gs tr ldtr', reg)" },
    { "page_snap_regs",
      "SELECT id, domid, vcpu, phase, guest_type, source, name, value "
      "FROM report_snap_regs WHERE run_id = ?1 ORDER BY domid, vcpu, id, "
      "name" },
    { "page_snap_start_info",
      "SELECT id, domid, vcpu, phase, source, gpa, magic, version, flags, "
      "nr_modules FROM report_snap_start_info WHERE run_id = ?1 ORDER BY "
      "domid, vcpu, id" },
    { "page_flat_selectors",
      "SELECT name, value, header, comment FROM report_flat_selectors "
      "WHERE run_id = ?1 ORDER BY header, name" },
    { "page_abi_versions",
      "SELECT version, source, interface_version FROM report_abi_versions "
      "ORDER BY version" },
    { "page_abi_hypercalls",
      "SELECT version, nr, name, x86_only, deprecated, dropped FROM "
      "report_abi_hypercalls ORDER BY version, nr" },
    { "page_abi_observed",
      "SELECT version, nr, name, defined, calls, guests, runs FROM "
      "report_abi_observed ORDER BY nr, version" },
    { "page_abi_observed_runs",
      "SELECT version, runs, ids FROM report_abi_observed_runs ORDER BY "
      "version" },
    { "page_abi_constants",
      "SELECT version, kind, name, value, header, comment FROM "
      "report_abi_constants ORDER BY version, kind, value, name" },
    { "page_elfnotes",
      "SELECT name, value FROM report_elfnotes WHERE run_id = ?1 ORDER BY "
      "value, name" },
    { "page_image_notes",
      "SELECT seq, type, name, offset, size, value, text, raw FROM "
      "report_image_notes WHERE run_id = ?1 ORDER BY seq" },
    { "page_check_run",
      "SELECT run_id, checked_at, xabi_version, rules FROM "
      "report_check_run WHERE run_id = ?1" },
    { "page_findings",
      "SELECT id, rule_id, verdict, reason, domid, vcpu, tsc, "
      "snapshot_id, offset, fact_kind, fact_key, count, message FROM "
      "report_findings WHERE run_id = ?1 ORDER BY rule_id, CASE verdict "
      "WHEN 'FAIL' THEN 0 WHEN 'WARN' THEN 1 WHEN 'INFO' THEN 2 WHEN "
      "'PASS' THEN 3 ELSE 4 END, domid, vcpu, id" },
    { "page_g_findings",
      "SELECT run_id, id, rule_id, verdict, reason, domid, vcpu, tsc, "
      "snapshot_id, offset, fact_kind, fact_key, count, message FROM "
      "report_g_findings WHERE xen_version = (SELECT xen_version FROM run "
      "WHERE id = ?1) ORDER BY rule_id, run_id, domid, vcpu, id" },
    { "page_g_hypercall_observed",
      "SELECT nr, name, defined, calls, subcalls, hvm_calls, pv_who, "
      "hvm_who FROM report_g_hypercall_observed WHERE xen_version = "
      "(SELECT xen_version FROM run WHERE id = ?1) ORDER BY nr" },
    { "page_g_subops",
      "SELECT hypercall, subop, name, count, who FROM report_g_subops "
      "WHERE xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "ORDER BY key" },
    { "page_g_traps",
      "SELECT kind, vector, mnemonic, name, has_error_code, error_code, "
      "count, who FROM report_g_traps WHERE xen_version = (SELECT "
      "xen_version FROM run WHERE id = ?1) ORDER BY kind, vector, "
      "error_code" },
    { "page_g_trap_vectors",
      "SELECT vector, mnemonic, count FROM report_g_trap_vectors WHERE "
      "xen_version = (SELECT xen_version FROM run WHERE id = ?1) ORDER BY "
      "vector" },
    { "page_g_snap_traps",
      "SELECT guest_type, vector, flags, cs, address, who FROM "
      "report_g_snap_traps WHERE xen_version = (SELECT xen_version FROM "
      "run WHERE id = ?1) ORDER BY guest_type, vector, who" },
    { "page_g_snap_traps_empty",
      "SELECT run_id, id, domid, vcpu, phase, guest_type FROM "
      "report_g_snap_traps_empty WHERE xen_version = (SELECT xen_version "
      "FROM run WHERE id = ?1) ORDER BY run_id, domid, vcpu" },
    { "page_g_snap_callbacks",
      "SELECT guest_type, type, cs, address, who FROM "
      "report_g_snap_callbacks WHERE xen_version = (SELECT xen_version "
      "FROM run WHERE id = ?1) ORDER BY guest_type, type, who" },
    { "page_g_snap_segments",
      "SELECT guest_type, phase, reg, selector, base, seg_limit, attr, "
      "raw, who, ids, labels FROM report_g_snap_segments WHERE "
      "xen_version = (SELECT xen_version FROM run WHERE id = ?1) ORDER BY "
      "guest_type, phase = 'initial' DESC, phase, instr('cs ss ds es fs "
      "gs tr ldtr', reg), who" },
    { "page_g_snapshots",
      "SELECT run_id, id, domid, vcpu, phase, guest_type, source FROM "
      "report_g_snapshots WHERE xen_version = (SELECT xen_version FROM "
      "run WHERE id = ?1) ORDER BY run_id, domid, vcpu, id" },
    { "page_g_snap_regs",
      "SELECT id, name, value FROM report_g_snap_regs WHERE xen_version = "
      "(SELECT xen_version FROM run WHERE id = ?1)" },
    { "page_g_snap_segs",
      "SELECT id, reg, selector, base, seg_limit, attr, source_label FROM "
      "report_g_snap_segs WHERE xen_version = (SELECT xen_version FROM "
      "run WHERE id = ?1)" },
    { "page_g_initial_regs",
      "SELECT guest_type, name, value, who FROM report_g_initial_regs "
      "WHERE xen_version = (SELECT xen_version FROM run WHERE id = ?1) "
      "ORDER BY guest_type, name, who" },
    { "page_entry_notes",
      "SELECT run_id, source_path, name, value FROM report_entry_notes "
      "ORDER BY run_id, seq" },
    { "page_g_snap_start_info",
      "SELECT id, gpa, magic, version, flags, nr_modules, modlist_paddr, "
      "cmdline_paddr, rsdp_paddr, memmap_paddr, memmap_entries FROM "
      "report_g_snap_start_info WHERE xen_version = (SELECT xen_version "
      "FROM run WHERE id = ?1)" },
    { "page_claims",
      "SELECT claim, run_id, verdict, reason, message, snapshot_id, "
      "domid, vcpu, xen_version, source_kind, source_path FROM "
      "report_claims ORDER BY claim, CASE verdict WHEN 'INFO' THEN 0 WHEN "
      "'PASS' THEN 1 ELSE 2 END, run_id" },
    { "page_rules",
      "SELECT id, title, severity, citation, doc FROM report_rules ORDER "
      "BY id" },
    { "page_finding_rules",
      "SELECT rule_id FROM report_finding_rules ORDER BY rule_id" },
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
