/*
 * abi.c: the ABI catalogue in the database (schema/004-abi.sql).
 *
 * A version is written whole, in one transaction, or not at all: a failed
 * import leaves the catalogue as it was.  Reading loads a version back into
 * the same struct xabi_abi the importer fills, so that abi/ can compare and
 * decode without knowing where the facts came from.  Empty comments and
 * aliases are stored as NULL.
 */
#include "store/store-int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "abi/abi.h"

static void bind_text_or_null(sqlite3_stmt *s, int col, const char *t)
{
    if ( t && *t )
        sqlite3_bind_text(s, col, t, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, col);
}

static void column_copy(sqlite3_stmt *s, int col, char *dst, size_t size)
{
    const unsigned char *t = sqlite3_column_text(s, col);

    snprintf(dst, size, "%s", t ? (const char *)t : "");
}

/* Prepare a local statement, recording the error. */
static sqlite3_stmt *prepare(struct xabi_store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;

    if ( sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK )
    {
        xabi_store_sql_error(st, "preparing a catalogue statement");
        return NULL;
    }
    return s;
}

static int put_version(struct xabi_store *st, const char *version,
                       const char *source, const struct xabi_abi *abi)
{
    sqlite3_stmt *s = prepare(
        st, "INSERT INTO abi_version (version, source, interface_version, "
            "imported_at, skipped) VALUES (?1, ?2, ?3, "
            "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4)");
    int rc;

    if ( !s )
        return -1;
    sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, source, -1, SQLITE_STATIC);
    if ( abi->have_interface )
        sqlite3_bind_int64(s, 3, abi->interface_version);
    else
        sqlite3_bind_null(s, 3);
    sqlite3_bind_int64(s, 4, abi->skipped);
    rc = xabi_store_step_done(st, s, "storing the version");
    sqlite3_finalize(s);
    return rc;
}

static int put_hypercalls(struct xabi_store *st, const char *version,
                          const struct xabi_abi *abi)
{
    sqlite3_stmt *s = prepare(
        st, "INSERT INTO abi_hypercall (version, nr, name, alias_of, "
            "x86_only, deprecated, dropped, comment) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    size_t i;
    int rc = 0;

    if ( !s )
        return -1;
    for ( i = 0; i < abi->nhc && rc == 0; i++ )
    {
        const struct xabi_abi_hypercall *h = &abi->hc[i];

        sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, h->nr);
        sqlite3_bind_text(s, 3, h->name, -1, SQLITE_STATIC);
        bind_text_or_null(s, 4, h->alias_of);
        sqlite3_bind_int(s, 5, h->x86_only);
        sqlite3_bind_int(s, 6, h->deprecated);
        sqlite3_bind_int(s, 7, h->dropped);
        bind_text_or_null(s, 8, h->comment);
        rc = xabi_store_step_done(st, s, "storing hypercalls");
    }
    sqlite3_finalize(s);
    return rc;
}

static int put_constants(struct xabi_store *st, const char *version,
                         const struct xabi_abi *abi)
{
    sqlite3_stmt *s = prepare(
        st, "INSERT INTO abi_constant (version, kind, name, value, header, "
            "comment, audience) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    size_t i;
    int rc = 0;

    if ( !s )
        return -1;
    for ( i = 0; i < abi->ncon && rc == 0; i++ )
    {
        const struct xabi_abi_constant *c = &abi->con[i];

        sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, c->kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, c->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, c->value);
        sqlite3_bind_text(s, 5, c->header, -1, SQLITE_STATIC);
        bind_text_or_null(s, 6, c->comment);
        sqlite3_bind_text(s, 7, xabi_audience_name(c->audience), -1,
                          SQLITE_STATIC);
        rc = xabi_store_step_done(st, s, "storing constants");
    }
    sqlite3_finalize(s);
    return rc;
}

static int put_subops(struct xabi_store *st, const char *version,
                      const struct xabi_abi *abi)
{
    sqlite3_stmt *s = prepare(
        st, "INSERT INTO abi_subop (version, hypercall, nr, name, audience) "
            "VALUES (?1, ?2, ?3, ?4, ?5)");
    size_t i;
    int rc = 0;

    if ( !s )
        return -1;
    for ( i = 0; i < abi->nsub && rc == 0; i++ )
    {
        sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, abi->sub[i].hypercall, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, abi->sub[i].nr);
        sqlite3_bind_text(s, 4, abi->sub[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, xabi_audience_name(abi->sub[i].audience), -1,
                          SQLITE_STATIC);
        rc = xabi_store_step_done(st, s, "storing sub-ops");
    }
    sqlite3_finalize(s);
    return rc;
}

static void bind_opt_int(sqlite3_stmt *s, int col, int64_t v)
{
    if ( v >= 0 )
        sqlite3_bind_int64(s, col, v);
    else
        sqlite3_bind_null(s, col);
}

static int put_members(struct xabi_store *st, sqlite3_stmt *s,
                       const char *version, const struct xabi_abi *abi,
                       const struct xabi_abi_layout *l)
{
    size_t i;
    int rc = 0;

    for ( i = 0; i < l->n && rc == 0; i++ )
    {
        const struct xabi_abi_member *m = &abi->mem[l->first + i];

        sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, l->width, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, l->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, (int64_t)i);
        sqlite3_bind_text(s, 5, m->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 6, m->offset);
        sqlite3_bind_int64(s, 7, m->size);
        sqlite3_bind_text(s, 8, m->type, -1, SQLITE_STATIC);
        bind_opt_int(s, 9, m->bit_offset);
        bind_opt_int(s, 10, m->bit_size);
        rc = xabi_store_step_done(st, s, "storing layout members");
    }
    return rc;
}

static int put_layouts(struct xabi_store *st, const char *version,
                       const struct xabi_abi *abi)
{
    sqlite3_stmt *s = prepare(
        st, "INSERT INTO abi_layout (version, width, name, kind, size, "
            "header) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    sqlite3_stmt *m = prepare(
        st, "INSERT INTO abi_layout_member (version, width, layout, idx, "
            "name, offset, size, type, bit_offset, bit_size) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    size_t i;
    int rc = s && m ? 0 : -1;

    for ( i = 0; i < abi->nlay && rc == 0; i++ )
    {
        const struct xabi_abi_layout *l = &abi->lay[i];

        sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, l->width, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, l->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, l->kind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 5, l->size);
        sqlite3_bind_text(s, 6, l->header, -1, SQLITE_STATIC);
        rc = xabi_store_step_done(st, s, "storing layouts") ||
             put_members(st, m, version, abi, l);
    }
    sqlite3_finalize(s);
    sqlite3_finalize(m);
    return rc;
}

int xabi_store_abi_put(struct xabi_store *st, const char *version,
                       const char *source, const struct xabi_abi *abi,
                       bool replace)
{
    bool known;

    if ( xabi_store_version_known(st, version, &known) )
        return -1;
    if ( known && !replace )
    {
        xabi_store_set_error(st,
                             "%s: Xen %s is already in the catalogue; "
                             "import it under another name or replace it",
                             st->path, version);
        return -1;
    }
    if ( xabi_store_begin(st) )
        return -1;
    if ( known )
    {
        sqlite3_stmt *s = prepare(st, "DELETE FROM abi_version WHERE "
                                      "version = ?1");

        if ( !s )
            goto fail;
        sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
        if ( xabi_store_step_done(st, s, "replacing the version") )
        {
            sqlite3_finalize(s);
            goto fail;
        }
        sqlite3_finalize(s);
    }
    if ( put_version(st, version, source, abi) ||
         put_hypercalls(st, version, abi) ||
         put_constants(st, version, abi) || put_subops(st, version, abi) ||
         put_layouts(st, version, abi) || xabi_store_commit(st) )
        goto fail;
    return 0;

fail:
    xabi_store_rollback(st);
    return -1;
}

/* Load the rows of one table of a version through fn. */
static int load_rows(struct xabi_store *st, const char *sql,
                     const char *version, struct xabi_abi *abi,
                     int (*fn)(sqlite3_stmt *, struct xabi_abi *))
{
    sqlite3_stmt *s = prepare(st, sql);
    int rc;

    if ( !s )
        return -1;
    sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        if ( fn(s, abi) )
        {
            sqlite3_finalize(s);
            xabi_store_set_error(st, "out of memory");
            return -1;
        }
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "reading the catalogue");
    return 0;
}

static int row_hypercall(sqlite3_stmt *s, struct xabi_abi *abi)
{
    struct xabi_abi_hypercall h;

    memset(&h, 0, sizeof(h));
    h.nr = sqlite3_column_int64(s, 0);
    column_copy(s, 1, h.name, sizeof(h.name));
    column_copy(s, 2, h.alias_of, sizeof(h.alias_of));
    h.x86_only = sqlite3_column_int(s, 3);
    h.deprecated = sqlite3_column_int(s, 4);
    h.dropped = sqlite3_column_int(s, 5);
    column_copy(s, 6, h.comment, sizeof(h.comment));
    return xabi_abi_add_hypercall(abi, &h);
}

/* An audience column; a value xabi does not know counts as the guest's. */
static enum xabi_audience audience_column(sqlite3_stmt *s, int col)
{
    int a = xabi_audience_parse((const char *)sqlite3_column_text(s, col));

    return a < 0 ? XABI_AUDIENCE_GUEST : (enum xabi_audience)a;
}

static int row_constant(sqlite3_stmt *s, struct xabi_abi *abi)
{
    struct xabi_abi_constant c;

    memset(&c, 0, sizeof(c));
    column_copy(s, 0, c.kind, sizeof(c.kind));
    column_copy(s, 1, c.name, sizeof(c.name));
    c.value = sqlite3_column_int64(s, 2);
    column_copy(s, 3, c.header, sizeof(c.header));
    column_copy(s, 4, c.comment, sizeof(c.comment));
    c.audience = audience_column(s, 5);
    return xabi_abi_add_constant(abi, &c);
}

static int row_subop(sqlite3_stmt *s, struct xabi_abi *abi)
{
    struct xabi_abi_subop o;

    memset(&o, 0, sizeof(o));
    column_copy(s, 0, o.hypercall, sizeof(o.hypercall));
    o.nr = sqlite3_column_int64(s, 1);
    column_copy(s, 2, o.name, sizeof(o.name));
    o.audience = audience_column(s, 3);
    return xabi_abi_add_subop(abi, &o);
}

/* One layout row, with one of its members (none for an empty layout). */
static int row_layout(sqlite3_stmt *s, struct xabi_abi *abi)
{
    struct xabi_abi_layout l;
    struct xabi_abi_member m;
    const struct xabi_abi_layout *last = abi->nlay ? &abi->lay[abi->nlay - 1]
                                                   : NULL;

    memset(&l, 0, sizeof(l));
    column_copy(s, 0, l.width, sizeof(l.width));
    column_copy(s, 1, l.name, sizeof(l.name));
    if ( !last || strcmp(last->width, l.width) != 0 ||
         strcmp(last->name, l.name) != 0 )
    {
        column_copy(s, 2, l.kind, sizeof(l.kind));
        l.size = sqlite3_column_int64(s, 3);
        column_copy(s, 4, l.header, sizeof(l.header));
        if ( xabi_abi_add_layout(abi, &l) )
            return -1;
    }
    if ( sqlite3_column_type(s, 5) == SQLITE_NULL )
        return 0;
    memset(&m, 0, sizeof(m));
    column_copy(s, 5, m.name, sizeof(m.name));
    m.offset = sqlite3_column_int64(s, 6);
    m.size = sqlite3_column_int64(s, 7);
    column_copy(s, 8, m.type, sizeof(m.type));
    m.bit_offset = sqlite3_column_type(s, 9) == SQLITE_NULL
                       ? -1 : sqlite3_column_int64(s, 9);
    m.bit_size = sqlite3_column_type(s, 10) == SQLITE_NULL
                     ? -1 : sqlite3_column_int64(s, 10);
    return xabi_abi_add_member(abi, &m);
}

/* Find the row of version; 1 if found, 0 if not, -1 on error. */
static int find_version(struct xabi_store *st, const char *version,
                        struct xabi_abi *abi)
{
    sqlite3_stmt *s = prepare(st, "SELECT source, interface_version, "
                                  "skipped FROM abi_version WHERE "
                                  "version = ?1");
    int rc;

    if ( !s )
        return -1;
    sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
    {
        column_copy(s, 0, abi->source, sizeof(abi->source));
        abi->skipped = (unsigned)sqlite3_column_int64(s, 2);
        snprintf(abi->version, sizeof(abi->version), "%s", version);
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_ROW && rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "reading the catalogue");
    return rc == SQLITE_ROW;
}

/*
 * The catalogue version for version: itself, or for a point release or a
 * build such as 4.17.3 or 4.17.3-pre that is not imported, its release
 * 4.17: the facts kept here do not change within a stable branch (Debian's
 * 4.17.7 headers import to exactly 4.17.0's).
 */
static int resolve_version(struct xabi_store *st, const char *version,
                           struct xabi_abi *abi)
{
    char release[32], known[1024];
    int rc = find_version(st, version, abi);

    if ( rc != 0 )
        return rc < 0 ? -1 : 0;
    /* abi/'s one version parser: "4.17" of "4.17.3" or "4.17.3-pre". */
    if ( xabi_version_release(version, release, sizeof(release)) == 0 &&
         strcmp(release, version) != 0 )
    {
        rc = find_version(st, release, abi);
        if ( rc != 0 )
            return rc < 0 ? -1 : 0;
    }
    if ( xabi_store_abi_versions(st, known, sizeof(known)) )
        return -1;
    xabi_store_set_error(st, "unknown Xen version '%.64s': the catalogue has "
                         "%s", version, known);
    return -1;
}

int xabi_store_abi_load(struct xabi_store *st, const char *version,
                        struct xabi_abi *abi)
{
    if ( resolve_version(st, version, abi) )
        return -1;
    version = abi->version;
    return load_rows(st,
                     "SELECT nr, name, alias_of, x86_only, deprecated, "
                     "dropped, comment FROM abi_hypercall WHERE version = ?1 "
                     "ORDER BY nr, alias_of IS NOT NULL, x86_only DESC, name",
                     version, abi, row_hypercall) ||
           load_rows(st,
                     "SELECT kind, name, value, header, comment, audience "
                     "FROM abi_constant WHERE version = ?1 "
                     "ORDER BY kind, header, value, name",
                     version, abi, row_constant) ||
           load_rows(st,
                     "SELECT hypercall, nr, name, audience FROM abi_subop "
                     "WHERE "
                     "version = ?1 ORDER BY hypercall, nr, name",
                     version, abi, row_subop) ||
           load_rows(st,
                     "SELECT l.width, l.name, l.kind, l.size, l.header, "
                     "m.name, m.offset, m.size, m.type, m.bit_offset, "
                     "m.bit_size FROM abi_layout l LEFT JOIN "
                     "abi_layout_member m ON m.version = l.version AND "
                     "m.width = l.width AND m.layout = l.name "
                     "WHERE l.version = ?1 ORDER BY l.width, l.name, m.idx",
                     version, abi, row_layout)
               ? -1
               : 0;
}

int xabi_store_abi_versions(struct xabi_store *st, char *buf, size_t len)
{
    sqlite3_stmt *s = prepare(
        st, "SELECT version FROM abi_version ORDER BY "
            "CAST(version AS INTEGER), "
            "CAST(substr(version, instr(version, '.') + 1) AS INTEGER), "
            "version");
    size_t used = 0;
    int rc;

    if ( !s )
        return -1;
    buf[0] = '\0';
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW && used < len )
    {
        int n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
                         (const char *)sqlite3_column_text(s, 0));

        used += n > 0 ? (size_t)n : 0;
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE && rc != SQLITE_ROW )
        return xabi_store_sql_error(st, "listing the catalogue");
    if ( used == 0 )
        snprintf(buf, len, "no versions");
    return 0;
}

int xabi_store_run_describe(struct xabi_store *st, int64_t run_id,
                            struct xabi_run_desc *out)
{
    sqlite3_stmt *s = prepare(st, "SELECT xen_version, source_kind, "
                                  "source_path, label FROM run WHERE id = ?1");
    int rc;

    if ( !s )
        return -1;
    memset(out, 0, sizeof(*out));
    out->id = run_id;
    sqlite3_bind_int64(s, 1, run_id);
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
    {
        column_copy(s, 0, out->xen_version, sizeof(out->xen_version));
        column_copy(s, 1, out->source_kind, sizeof(out->source_kind));
        column_copy(s, 2, out->source_path, sizeof(out->source_path));
        column_copy(s, 3, out->label, sizeof(out->label));
    }
    sqlite3_finalize(s);
    if ( rc == SQLITE_DONE )
    {
        xabi_store_set_error(st, "%s: no run %" PRId64, st->path, run_id);
        return -1;
    }
    if ( rc != SQLITE_ROW )
        return xabi_store_sql_error(st, "reading the run");
    return 0;
}

int xabi_store_run_usage(struct xabi_store *st, int64_t run_id,
                         struct xabi_usage_set *set)
{
    /* Row kinds count from their facts unless the run aggregated them. */
    sqlite3_stmt *s = prepare(
        st, "SELECT domid, kind, key, sum(count), sum(with_error_code), "
            /* HVM exits by the vendor's name, as v_hvm_exit picks it */
            "CASE kind WHEN 'hvm_exit' THEN (SELECT x.name FROM x86_vmexit x "
            "WHERE x.reason = key AND x.vendor = (SELECT CASE WHEN "
            "max(e.key) >= 0x60 THEN 'svm' ELSE 'vmx' END FROM fact_agg e "
            "WHERE e.run_id = ?1 AND e.kind = 'hvm_exit')) END "
            "FROM fact_agg WHERE run_id = ?1 GROUP BY domid, kind, key "
            "UNION ALL "
            "SELECT f.domid, f.kind, f.key, count(*), count(f.error_code), "
            "NULL FROM fact f "
            "JOIN fact_kind k ON k.kind = f.kind "
            "WHERE f.run_id = ?1 AND f.sample = 0 AND k.storage = 'row' "
            "AND NOT EXISTS (SELECT 1 FROM fact_agg a WHERE a.run_id = ?1 "
            "AND a.kind = f.kind) GROUP BY f.domid, f.kind, f.key "
            /*
             * Start-of-day state, where snapshots exist: what one run has
             * and the other lacks is what differs.  Keys pack the values
             * compared (see the key names in cli/cmd-abi.c):
             *   start_segment  register index << 16 | selector
             *   trap_table     vector << 24 | (DPL | event bit) << 16 | cs
             *   callback       callback index << 16 | cs, when registered
             *   hcpage_stub    stub index << 8 | class index (v_hypercall_stub)
             *   start_info     field << 48 | value (PVH hvm_start_info)
             */
            "UNION ALL "
            "SELECT n.domid, 'start_segment', (CASE g.reg WHEN 'cs' THEN 0 "
            "WHEN 'ss' THEN 1 WHEN 'ds' THEN 2 WHEN 'es' THEN 3 "
            "WHEN 'fs' THEN 4 WHEN 'gs' THEN 5 WHEN 'tr' THEN 6 ELSE 7 END "
            "<< 16) | g.selector, count(*), 0, NULL FROM snapshot_segment g "
            "JOIN snapshot n ON n.id = g.snapshot_id "
            "WHERE n.run_id = ?1 AND n.phase = 'initial' GROUP BY 1, 2, 3 "
            "UNION ALL "
            /* SQLite's << and | bind equally tight: parenthesise. */
            "SELECT n.domid, 'trap_table', (t.vector << 24) | "
            "((t.flags & 7) << 16) | t.cs, count(*), 0, NULL "
            "FROM snapshot_trap t "
            "JOIN snapshot n ON n.id = t.snapshot_id "
            "WHERE n.run_id = ?1 GROUP BY 1, 2, 3 "
            "UNION ALL "
            "SELECT n.domid, 'callback', (CASE c.type WHEN 'event' THEN 0 "
            "WHEN 'failsafe' THEN 1 WHEN 'syscall' THEN 2 "
            "WHEN 'syscall32' THEN 3 WHEN 'sysenter' THEN 4 ELSE 5 END "
            "<< 16) | coalesce(c.cs, 0), count(*), 0, NULL "
            "FROM snapshot_callback c "
            "JOIN snapshot n ON n.id = c.snapshot_id "
            "WHERE n.run_id = ?1 AND c.address <> 0 GROUP BY 1, 2, 3 "
            "UNION ALL "
            /* start_info: field << 48 | value, named "field=0x..." */
            "SELECT domid, 'start_info', (i << 48) | (v & 0xffffffffffff), "
            "count(*), 0, printf('%s=0x%x', f, v) FROM (SELECT n.domid, "
            "x.i, x.f, CASE x.i WHEN 0 THEN s.magic WHEN 1 THEN s.version "
            "WHEN 2 THEN s.flags WHEN 3 THEN s.nr_modules "
            "WHEN 4 THEN s.modlist_paddr WHEN 5 THEN s.cmdline_paddr "
            "WHEN 6 THEN s.rsdp_paddr WHEN 7 THEN s.memmap_paddr "
            "ELSE s.memmap_entries END AS v "
            "FROM snapshot_start_info s JOIN snapshot n "
            "ON n.id = s.snapshot_id JOIN (SELECT 0 AS i, 'magic' AS f "
            "UNION ALL SELECT 1, 'version' UNION ALL SELECT 2, 'flags' "
            "UNION ALL SELECT 3, 'nr_modules' "
            "UNION ALL SELECT 4, 'modlist_paddr' "
            "UNION ALL SELECT 5, 'cmdline_paddr' "
            "UNION ALL SELECT 6, 'rsdp_paddr' "
            "UNION ALL SELECT 7, 'memmap_paddr' "
            "UNION ALL SELECT 8, 'memmap_entries') x "
            "WHERE n.run_id = ?1 AND n.phase = 'initial') "
            "WHERE v IS NOT NULL GROUP BY 1, 2, 3 "
            "UNION ALL "
            "SELECT domid, 'hcpage_stub', (idx << 8) | (CASE class "
            "WHEN 'hypercall' THEN 0 WHEN 'iret' THEN 1 WHEN 'filler' THEN 2 "
            "WHEN 'empty' THEN 3 ELSE 4 END), count(*), 0, name "
            "FROM v_hypercall_stub WHERE run_id = ?1 GROUP BY 1, 2, 3");
    int rc;

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        struct xabi_usage u;

        memset(&u, 0, sizeof(u));
        u.domid = sqlite3_column_int64(s, 0);
        column_copy(s, 1, u.kind, sizeof(u.kind));
        u.key = sqlite3_column_int64(s, 2);
        u.count = (uint64_t)sqlite3_column_int64(s, 3);
        u.with_error_code = (uint64_t)sqlite3_column_int64(s, 4);
        column_copy(s, 5, u.name, sizeof(u.name));
        if ( xabi_usage_add(set, &u) )
        {
            sqlite3_finalize(s);
            xabi_store_set_error(st, "out of memory");
            return -1;
        }
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "reading the run's facts");
    return 0;
}

int xabi_store_run_domains(struct xabi_store *st, int64_t run_id,
                           struct xabi_run_domain *out, size_t max,
                           size_t *n)
{
    sqlite3_stmt *s = prepare(
        st, "SELECT domid, max(name), max(guest_type) FROM ("
            "SELECT domid, name, guest_type FROM live_domain "
            "WHERE run_id = ?1 UNION ALL "
            "SELECT domid, NULL, guest_type FROM snapshot WHERE run_id = ?1 "
            "UNION ALL SELECT domid, NULL, guest_type FROM hypercall_page "
            "WHERE run_id = ?1 AND domid >= 0) GROUP BY domid ORDER BY domid");
    int rc;

    *n = 0;
    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW && *n < max )
    {
        struct xabi_run_domain *d = &out[(*n)++];

        d->domid = sqlite3_column_int64(s, 0);
        column_copy(s, 1, d->name, sizeof(d->name));
        column_copy(s, 2, d->guest_type, sizeof(d->guest_type));
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE && rc != SQLITE_ROW )
        return xabi_store_sql_error(st, "reading the run's domains");
    return 0;
}
