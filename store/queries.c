/*
 * queries.c: the named read queries behind `xabi stats` (and any reader
 * that wants rows as text).  Each takes the run id as ?1.  Keeping the SQL
 * here keeps sqlite3.h out of cli/.
 */
#include "store/store-int.h"

#include <string.h>

static const struct xabi_named_query queries[] = {
    { "runs",
      "SELECT id, source_kind, source_path, xen_version, records, status, "
      "collected_at, label FROM run ORDER BY id" },
    { "run",
      "SELECT id, source_kind, source_path, source_size, source_sha256, "
      "xen_version, label, collected_at, xabi_version, status, "
      "status_detail, records, lost_records, unknown_records, reordered, "
      "first_tsc, last_tsc FROM run WHERE id = ?1" },
    { "pcpus",
      "SELECT pcpu, windows, records, lost_records, lost_events, "
      "unknown_records FROM pcpu WHERE run_id = ?1 ORDER BY pcpu" },
    { "vcpus",
      "SELECT domid, vcpu, domain_label, vcpu_label, records, first_tsc, "
      "last_tsc FROM v_vcpu WHERE run_id = ?1 "
      "ORDER BY domid < 0, domid, vcpu" },
    { "hypercalls",
      "SELECT domid, vcpu, nr, name, defined, calls, subcalls, hvm_calls "
      "FROM v_hypercall WHERE run_id = ?1 ORDER BY domid, vcpu, nr" },
    { "subops",
      "SELECT domid, vcpu, nr, hypercall, subop, name, count "
      "FROM v_hypercall_subop WHERE run_id = ?1 "
      "ORDER BY domid, vcpu, nr, subop" },
    { "traps",
      "SELECT domid, vcpu, kind, vector, mnemonic, name, count, "
      "with_error_code, architectural_error_code FROM v_trap "
      "WHERE run_id = ?1 ORDER BY domid, vcpu, kind, vector" },
    /* Each error code delivered, with the guest RIP of the last one
     * (a bare column beside max(): SQLite takes it from that row). */
    { "error_codes",
      "SELECT domid, vcpu, kind, key AS vector, error_code, "
      "count(*) AS count, max(tsc) AS last_tsc, "
      "printf('0x%x', rip) AS last_rip FROM fact "
      "WHERE run_id = ?1 AND kind IN ('trap', 'hvm_inj_exc') "
      "AND error_code IS NOT NULL "
      "GROUP BY domid, vcpu, kind, key, error_code "
      "ORDER BY domid, vcpu, kind, key, error_code" },
    { "faults",
      "SELECT domid, vcpu, kind, sum(count) AS count FROM fact_agg "
      "WHERE run_id = ?1 AND kind IN ('page_fault', 'emul_privop', "
      "'emulate_4gb', 'forced_invalid_op', 'math_state_restore', "
      "'paging_fixup', 'gdt_ldt_mapping_fault', 'ptwr_emulation', "
      "'hvm_cr_write', 'hvm_lmsw', 'hvm_realmode_emulate') "
      "GROUP BY domid, vcpu, kind ORDER BY domid, vcpu, kind" },
    { "hvm_exits",
      "SELECT domid, vcpu, vendor, reason, name, count FROM v_hvm_exit "
      "WHERE run_id = ?1 ORDER BY domid, vcpu, reason" },
    /* Creation and destruction are keyed by the domain; a shutdown by its
     * reason, with the domain and vCPU in arg0 and arg1 (002-kinds.sql). */
    { "lifecycle",
      "SELECT f.kind, CASE WHEN f.kind LIKE 'dom_shutdown%' THEN f.arg0 "
      "ELSE f.key END AS domid, "
      "CASE WHEN f.kind LIKE 'dom_shutdown%' THEN f.arg1 END AS vcpu, "
      "CASE WHEN f.kind LIKE 'dom_shutdown%' THEN f.key END AS reason, "
      "f.tsc, f.pcpu, f.offset, f.event, "
      "(SELECT min(c.name) FROM abi_constant c JOIN run r "
      " ON r.id = f.run_id WHERE c.version = r.xen_version "
      " AND c.kind = 'trc' AND c.value = f.event) AS event_name "
      "FROM fact f WHERE f.run_id = ?1 AND f.kind IN ('dom_create', "
      "'dom_destroy', 'dom_shutdown', 'dom_shutdown_code') "
      "ORDER BY f.tsc, f.offset" },
    { "domain_states",
      "SELECT domid, phase, shutdown, shutdown_reason, dying "
      "FROM live_domain_state WHERE run_id = ?1 "
      "ORDER BY domid, phase = 'end'" },
    { "lost",
      "SELECT pcpu, offset, count, domid, vcpu, first_tsc, tsc FROM lost "
      "WHERE run_id = ?1 ORDER BY pcpu, offset" },
    /* A live run's host, domains, snapshots and what it could not read
     * (schema/011-live.sql, 006-snapshot.sql); no rows for other runs. */
    { "live_host",
      "SELECT xen_full_version, xen_capabilities, printf('0x%08x', "
      "event_mask) AS event_mask, duration, snapshot_interval, started "
      "FROM live_host WHERE run_id = ?1" },
    { "live_domains",
      "SELECT domid, name, guest_type, vcpus, paused, selected "
      "FROM live_domain WHERE run_id = ?1 ORDER BY domid" },
    { "snapshots",
      "SELECT s.id, s.domid, s.vcpu, s.phase, s.guest_type, s.taken_at, "
      "s.user_mode_seen, s.traps_read, s.gdt_read, "
      "(SELECT printf('0x%04x', selector) FROM snapshot_segment g "
      " WHERE g.snapshot_id = s.id AND g.reg = 'cs') AS cs, "
      "(SELECT printf('0x%04x', selector) FROM snapshot_segment g "
      " WHERE g.snapshot_id = s.id AND g.reg = 'ss') AS ss, "
      "(SELECT printf('0x%x', value) FROM snapshot_reg r "
      " WHERE r.snapshot_id = s.id AND r.name = 'rip') AS rip, "
      "(SELECT count(*) FROM snapshot_trap t WHERE t.snapshot_id = s.id) "
      "AS traps, "
      "(SELECT count(*) FROM snapshot_gdt d WHERE d.snapshot_id = s.id) "
      "AS gdt_entries "
      "FROM snapshot s WHERE s.run_id = ?1 ORDER BY s.id" },
    { "segment_loads",
      "SELECT domid, vcpu, reg, before_snapshot, after_snapshot, "
      "printf('0x%04x', old_selector) AS old_selector, "
      "printf('0x%04x', new_selector) AS new_selector, "
      "printf('0x%x', old_base) AS old_base, "
      "printf('0x%x', new_base) AS new_base, "
      "printf('0x%x', old_limit) AS old_limit, "
      "printf('0x%x', new_limit) AS new_limit, "
      "printf('0x%03x', old_attr) AS old_attr, "
      "printf('0x%03x', new_attr) AS new_attr "
      "FROM segment_load WHERE run_id = ?1 "
      "ORDER BY domid, vcpu, after_snapshot, reg" },
    { "live_problems",
      "SELECT domid, vcpu, message FROM live_problem WHERE run_id = ?1 "
      "ORDER BY seq" },
    { "hcpage_stubs",
      "SELECT domid, page_va, guest_type, idx, va, name, class, layout, "
      "xen_since, xen_until, why, disasm, bytes FROM v_hypercall_stub "
      "WHERE run_id = ?1 ORDER BY page_id, idx" },
    { "events",
      "SELECT event, name, count, decoded FROM v_event_count "
      "WHERE run_id = ?1 ORDER BY event" },
};

int xabi_store_query_cols(struct xabi_store *st, const char *query_name,
                          int64_t run_id, xabi_store_cols_fn cols,
                          xabi_store_row_fn fn, void *ctx)
{
    const struct xabi_named_query *q = NULL;
    sqlite3_stmt *s;
    size_t i;
    int rc;

    for ( i = 0; i < sizeof(queries) / sizeof(queries[0]); i++ )
    {
        if ( strcmp(queries[i].name, query_name) == 0 )
            q = &queries[i];
    }
    if ( !q )
        q = xabi_store_page_query(query_name); /* store/pages.c */
    if ( !q )
    {
        xabi_store_set_error(st, "no query named '%s'", query_name);
        return -1;
    }
    if ( sqlite3_prepare_v2(st->db, q->sql, -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, query_name);
    if ( sqlite3_bind_parameter_count(s) >= 1 )
        sqlite3_bind_int64(s, 1, run_id);
    if ( cols )
    {
        /* Known before the first row, so a query with none has them. */
        const char *names[32];
        int n = sqlite3_column_count(s), c;

        if ( n > 32 )
            n = 32;
        for ( c = 0; c < n; c++ )
            names[c] = sqlite3_column_name(s, c);
        if ( cols(ctx, n, names) )
        {
            sqlite3_finalize(s);
            return -1;
        }
    }
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        const char *names[32], *values[32];
        int n = sqlite3_column_count(s), c;

        if ( n > 32 )
            n = 32;
        for ( c = 0; c < n; c++ )
        {
            names[c] = sqlite3_column_name(s, c);
            values[c] = (const char *)sqlite3_column_text(s, c);
        }
        if ( fn(ctx, n, names, values) )
        {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE )
        return xabi_store_sql_error(st, query_name);
    return 0;
}

int xabi_store_query(struct xabi_store *st, const char *query_name,
                     int64_t run_id, xabi_store_row_fn fn, void *ctx)
{
    return xabi_store_query_cols(st, query_name, run_id, NULL, fn, ctx);
}

int xabi_store_run_exists(struct xabi_store *st, int64_t run_id, bool *exists)
{
    sqlite3_stmt *s;
    int rc;

    if ( sqlite3_prepare_v2(st->db, "SELECT 1 FROM run WHERE id = ?1", -1, &s,
                            NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "looking up runs");
    sqlite3_bind_int64(s, 1, run_id);
    rc = sqlite3_step(s);
    *exists = rc == SQLITE_ROW;
    sqlite3_finalize(s);
    if ( rc != SQLITE_ROW && rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "looking up runs");
    return 0;
}
