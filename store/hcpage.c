/*
 * hcpage.c (store): a PV hypercall page, its stubs and their instructions
 * (schema/012-hcpage.sql).  A page is 128 stubs and a few hundred
 * instructions, written once per collect: statements are prepared per
 * page, not cached on the handle.
 */
#include "store/store-int.h"

#include <stdio.h>
#include <string.h>

static const char *const class_names[XABI_STUB_MAX] = {
    "hypercall", "iret", "filler", "empty", "unexpected",
};

const char *xabi_stub_class_name(enum xabi_stub_class c)
{
    return (unsigned)c < XABI_STUB_MAX ? class_names[c] : "unexpected";
}

void xabi_hcpage_stub_text(const struct xabi_hcpage_stub *s, char *buf,
                           size_t len)
{
    size_t used = 0;
    unsigned k = 0;

    buf[0] = '\0';
    while ( k < s->ninsn && used < len )
    {
        const struct xabi_hcpage_insn *i = &s->insn[k];
        unsigned run = 1;

        while ( k + run < s->ninsn &&
                strcmp(s->insn[k + run].mnemonic, i->mnemonic) == 0 &&
                strcmp(i->mnemonic, "int3") == 0 )
            run++;
        if ( run > 1 )
            used += (size_t)snprintf(buf + used, len - used, "%s%s x%u",
                                     used ? "; " : "", i->mnemonic, run);
        else
            used += (size_t)snprintf(buf + used, len - used, "%s%s%s%s",
                                     used ? "; " : "", i->mnemonic,
                                     i->operands[0] ? " " : "", i->operands);
        k += run;
    }
    if ( s->undecoded && used < len )
        snprintf(buf + used, len - used, "%s(%u bytes undecodable)",
                 used ? "; " : "", XABI_HCPAGE_STUB - s->undecoded_at);
}

static int step_reset(struct xabi_store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);

    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc == SQLITE_DONE ? 0 : xabi_store_sql_error(st, what);
}

static void bind_opt_text(sqlite3_stmt *s, int col, const char *v)
{
    if ( v && *v )
        sqlite3_bind_text(s, col, v, -1, SQLITE_TRANSIENT);
}

static int put_stub(struct xabi_store *st, sqlite3_stmt *ss, sqlite3_stmt *si,
                    int64_t page_id, const struct xabi_hcpage *pg,
                    const struct xabi_hcpage_stub *s)
{
    char disasm[1024];
    unsigned k;

    xabi_hcpage_stub_text(s, disasm, sizeof(disasm));
    sqlite3_bind_int64(ss, 1, page_id);
    sqlite3_bind_int(ss, 2, (int)s->idx);
    sqlite3_bind_int64(
        ss, 3, (sqlite3_int64)(pg->va + (uint64_t)s->idx * XABI_HCPAGE_STUB));
    sqlite3_bind_text(ss, 4, xabi_stub_class_name(s->cls), -1, SQLITE_STATIC);
    bind_opt_text(ss, 5, s->layout);
    bind_opt_text(ss, 6, s->xen_since);
    bind_opt_text(ss, 7, s->xen_until);
    bind_opt_text(ss, 8, s->why);
    sqlite3_bind_blob(ss, 9, s->bytes, XABI_HCPAGE_STUB, SQLITE_STATIC);
    sqlite3_bind_text(ss, 10, disasm, -1, SQLITE_TRANSIENT);
    if ( s->undecoded )
        sqlite3_bind_int(ss, 11, s->undecoded_at);
    if ( step_reset(st, ss, "storing a hypercall stub") )
        return -1;
    for ( k = 0; k < s->ninsn; k++ )
    {
        const struct xabi_hcpage_insn *i = &s->insn[k];

        sqlite3_bind_int64(si, 1, page_id);
        sqlite3_bind_int(si, 2, (int)s->idx);
        sqlite3_bind_int(si, 3, (int)k);
        sqlite3_bind_int(si, 4, i->offset);
        sqlite3_bind_blob(si, 5, i->bytes,
                          i->size < sizeof(i->bytes) ? i->size
                                                     : (int)sizeof(i->bytes),
                          SQLITE_STATIC);
        sqlite3_bind_text(si, 6, i->mnemonic, -1, SQLITE_STATIC);
        sqlite3_bind_text(si, 7, i->operands, -1, SQLITE_STATIC);
        if ( step_reset(st, si, "storing a stub instruction") )
            return -1;
    }
    return 0;
}

int xabi_store_put_hcpage(struct xabi_store *st, int64_t run_id,
                          const struct xabi_hcpage *pg, int64_t *page_id)
{
    sqlite3_stmt *sp = NULL, *ss = NULL, *si = NULL;
    unsigned i;
    int rc = -1;

    sp = xabi_store_prepare(
        st, "INSERT INTO hypercall_page (run_id, domid, va, "
            "guest_type, source, disassembler) VALUES (?1, ?2, ?3, "
            "?4, ?5, ?6)");
    if ( !sp )
        goto out;
    sqlite3_bind_int64(sp, 1, run_id);
    sqlite3_bind_int(sp, 2, pg->domid);
    sqlite3_bind_int64(sp, 3, (sqlite3_int64)pg->va);
    sqlite3_bind_text(sp, 4, xabi_guest_type_name(pg->width), -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(sp, 5, pg->source ? pg->source : "file", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(sp, 6, pg->disassembler ? pg->disassembler : "", -1,
                      SQLITE_STATIC);
    if ( step_reset(st, sp, "storing a hypercall page") )
        goto out;
    *page_id = sqlite3_last_insert_rowid(st->db);
    ss = xabi_store_prepare(
        st, "INSERT INTO hypercall_stub (page_id, idx, va, class, "
            "layout, xen_since, xen_until, why, bytes, disasm, "
            "undecoded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
            "?9, ?10, ?11)");
    si = ss ? xabi_store_prepare(
                  st, "INSERT INTO hypercall_stub_insn (page_id, idx, seq, "
                      "offset, bytes, mnemonic, operands) VALUES (?1, ?2, "
                      "?3, ?4, ?5, ?6, ?7)")
            : NULL;
    if ( !si )
        goto out;
    for ( i = 0; i < XABI_HCPAGE_NSTUBS; i++ )
    {
        if ( put_stub(st, ss, si, *page_id, pg, &pg->stubs[i]) )
            goto out;
    }
    rc = 0;
out:
    sqlite3_finalize(sp);
    sqlite3_finalize(ss);
    sqlite3_finalize(si);
    return rc;
}

int xabi_store_each_stub(struct xabi_store *st, int64_t run_id,
                         xabi_store_stub_fn fn, void *ctx)
{
    sqlite3_stmt *s =
        xabi_store_prepare(st, "SELECT p.id, p.domid, p.va, p.guest_type, "
                               "s.idx, s.class, s.layout, s.xen_since, "
                               "s.xen_until, s.why, s.disasm FROM "
                               "hypercall_stub s JOIN hypercall_page p ON "
                               "p.id = s.page_id WHERE p.run_id = ?1 ORDER "
                               "BY p.id, s.idx");
    int rc;

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        struct xabi_stub_row r = {
            .page_id = sqlite3_column_int64(s, 0),
            .domid = sqlite3_column_int(s, 1),
            .page_va = (uint64_t)sqlite3_column_int64(s, 2),
            .guest_type = (const char *)sqlite3_column_text(s, 3),
            .idx = (unsigned)sqlite3_column_int(s, 4),
            .cls = (const char *)sqlite3_column_text(s, 5),
            .layout = (const char *)sqlite3_column_text(s, 6),
            .xen_since = (const char *)sqlite3_column_text(s, 7),
            .xen_until = (const char *)sqlite3_column_text(s, 8),
            .why = (const char *)sqlite3_column_text(s, 9),
            .disasm = (const char *)sqlite3_column_text(s, 10),
        };

        if ( fn(ctx, &r) )
        {
            sqlite3_finalize(s);
            return -1;
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : xabi_store_sql_error(st, "reading stubs");
}
