/*
 * snapshot.c: vCPU snapshots in and out of schema/006-snapshot.sql.
 *
 * One struct xabi_snapshot crosses the store both ways, so the live
 * collector, the text-dump loader and the tests write exactly what the
 * analyzer reads.  Absence stays absence: an unread register has no row,
 * an unread trap table has traps_read = 0.
 */
#include "store/store-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Name tables, indexed by the enums of store.h. */
static const char *const guest_type_names[] = {
    [XABI_GUEST_PV64] = "PV64", [XABI_GUEST_PV32] = "PV32",
    [XABI_GUEST_HVM] = "HVM",   [XABI_GUEST_PVH] = "PVH",
};
static const char *const phase_names[] = {
    [XABI_SNAP_INITIAL] = "initial",
    [XABI_SNAP_RUNNING] = "running",
    [XABI_SNAP_FINAL] = "final",
};
static const char *const seg_names[] = {
    [XABI_SREG_CS] = "cs", [XABI_SREG_SS] = "ss", [XABI_SREG_DS] = "ds",
    [XABI_SREG_ES] = "es", [XABI_SREG_FS] = "fs", [XABI_SREG_GS] = "gs",
    [XABI_SREG_TR] = "tr", [XABI_SREG_LDTR] = "ldtr",
};
static const char *const reg_names[] = {
    [XABI_REG_RIP] = "rip",
    [XABI_REG_RSP] = "rsp",
    [XABI_REG_RBX] = "rbx",
    [XABI_REG_RFLAGS] = "rflags",
    [XABI_REG_CR0] = "cr0",
    [XABI_REG_CR2] = "cr2",
    [XABI_REG_CR3] = "cr3",
    [XABI_REG_CR4] = "cr4",
    [XABI_REG_EFER] = "efer",
    [XABI_REG_KERNEL_SS] = "kernel_ss",
    [XABI_REG_KERNEL_SP] = "kernel_sp",
    [XABI_REG_VM_ASSIST] = "vm_assist",
    [XABI_REG_VCPU_FLAGS] = "vcpu_flags",
    [XABI_REG_GDT_ENTS] = "gdt_ents",
    [XABI_REG_LDT_BASE] = "ldt_base",
    [XABI_REG_LDT_ENTS] = "ldt_ents",
    [XABI_REG_RSI] = "rsi",
};
static const char *const callback_names[] = {
    [XABI_CB_EVENT] = "event",         [XABI_CB_FAILSAFE] = "failsafe",
    [XABI_CB_SYSCALL] = "syscall",     [XABI_CB_SYSCALL32] = "syscall32",
    [XABI_CB_SYSENTER] = "sysenter",   [XABI_CB_NMI] = "nmi",
};

#define NAME_OF(tab, i)                                                       \
    ((size_t)(i) < sizeof(tab) / sizeof(tab[0]) ? tab[i] : "?")

const char *xabi_guest_type_name(enum xabi_guest_type t)
{
    return NAME_OF(guest_type_names, t);
}
const char *xabi_snap_phase_name(enum xabi_snap_phase p)
{
    return NAME_OF(phase_names, p);
}
const char *xabi_sreg_name(enum xabi_sreg s)
{
    return NAME_OF(seg_names, s);
}
const char *xabi_reg_name(enum xabi_reg r)
{
    return NAME_OF(reg_names, r);
}
const char *xabi_callback_name(enum xabi_callback c)
{
    return NAME_OF(callback_names, c);
}

/* Index of name in tab, or -1. */
static int name_index(const char *const *tab, size_t n, const char *name)
{
    size_t i;

    for ( i = 0; name && i < n; i++ )
    {
        if ( strcmp(tab[i], name) == 0 )
            return (int)i;
    }
    return -1;
}
#define INDEX_OF(tab, name)                                                   \
    name_index(tab, sizeof(tab) / sizeof(tab[0]), (const char *)(name))

/*
 * The MTRR record as snapshot_reg rows (store.h: struct xabi_mtrr): row k
 * of XABI_MTRR_ROWS is named into buf and its value is *slot.
 */
#define XABI_MTRR_ROWS (3 + 16 + 11)
static uint64_t *mtrr_row(struct xabi_mtrr *m, unsigned k, char buf[24])
{
    if ( k < 3 )
    {
        snprintf(buf, 24, "%s", k == 0 ? "pat" : k == 1 ? "mtrr_cap"
                                                        : "mtrr_def_type");
        return k == 0 ? &m->pat : k == 1 ? &m->cap : &m->def_type;
    }
    if ( k < 3 + 16 )
    {
        snprintf(buf, 24, "mtrr_var%u", k - 3);
        return &m->var[k - 3];
    }
    snprintf(buf, 24, "mtrr_fixed%u", k - 19);
    return &m->fixed[k - 19];
}

/* Prepare, bind the snapshot id as ?1, run once. */
static int exec_row(struct xabi_store *st, sqlite3_stmt *s, int64_t id)
{
    sqlite3_bind_int64(s, 1, id);
    return xabi_store_step_done(st, s, "storing a snapshot");
}

static int put_regs_and_segments(struct xabi_store *st,
                                 const struct xabi_snapshot *snap, int64_t id)
{
    struct xabi_mtrr mtrr = snap->mtrr; /* mtrr_row() names its rows */
    sqlite3_stmt *r = NULL, *g = NULL;
    int i, rc = -1;

    if ( sqlite3_prepare_v2(st->db,
                            "INSERT INTO snapshot_reg VALUES (?1, ?2, ?3)", -1,
                            &r, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(st->db,
                            "INSERT INTO snapshot_segment (snapshot_id, "
                            "reg, selector, base, seg_limit, attr, "
                            "source_label) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                            "?7)",
                            -1, &g, NULL) != SQLITE_OK )
    {
        xabi_store_sql_error(st, "storing a snapshot");
        goto out;
    }
    for ( i = 0; i < XABI_REG_MAX; i++ )
    {
        if ( !(snap->reg_mask & (1u << i)) )
            continue;
        sqlite3_bind_text(r, 2, reg_names[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(r, 3, (sqlite3_int64)snap->reg[i]);
        if ( exec_row(st, r, id) )
            goto out;
    }
    for ( i = 0; snap->has_mtrr && i < XABI_MTRR_ROWS; i++ )
    {
        char name[24];
        uint64_t v = *mtrr_row(&mtrr, (unsigned)i, name);

        sqlite3_bind_text(r, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(r, 3, (sqlite3_int64)v);
        if ( exec_row(st, r, id) )
            goto out;
    }
    for ( i = 0; i < XABI_SREG_MAX; i++ )
    {
        const struct xabi_segment *sg = &snap->seg[i];

        if ( !sg->known )
            continue;
        sqlite3_clear_bindings(g);
        sqlite3_bind_text(g, 2, seg_names[i], -1, SQLITE_STATIC);
        sqlite3_bind_int(g, 3, sg->selector);
        if ( sg->has_hidden )
        {
            sqlite3_bind_int64(g, 4, (sqlite3_int64)sg->base);
            sqlite3_bind_int64(g, 5, sg->limit);
            sqlite3_bind_int(g, 6, sg->attr);
        }
        if ( snap->seg_label[i][0] )
            sqlite3_bind_text(g, 7, snap->seg_label[i], -1, SQLITE_STATIC);
        if ( exec_row(st, g, id) )
            goto out;
    }
    rc = 0;
out:
    sqlite3_finalize(r);
    sqlite3_finalize(g);
    return rc;
}

static int put_tables(struct xabi_store *st, const struct xabi_snapshot *snap,
                      int64_t id)
{
    sqlite3_stmt *t = NULL, *c = NULL, *d = NULL;
    unsigned i;
    int rc = -1;

    if ( sqlite3_prepare_v2(st->db,
                            "INSERT INTO snapshot_trap VALUES (?1, ?2, ?3, "
                            "?4, ?5)",
                            -1, &t, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(st->db,
                            "INSERT INTO snapshot_callback VALUES (?1, ?2, "
                            "?3, ?4)",
                            -1, &c, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(st->db,
                            "INSERT INTO snapshot_gdt VALUES (?1, ?2, ?3)", -1,
                            &d, NULL) != SQLITE_OK )
    {
        xabi_store_sql_error(st, "storing a snapshot");
        goto out;
    }
    for ( i = 0; i < snap->ntraps; i++ )
    {
        sqlite3_bind_int(t, 2, snap->traps[i].vector);
        sqlite3_bind_int(t, 3, snap->traps[i].flags);
        sqlite3_bind_int(t, 4, snap->traps[i].cs);
        sqlite3_bind_int64(t, 5, (sqlite3_int64)snap->traps[i].address);
        if ( exec_row(st, t, id) )
            goto out;
    }
    for ( i = 0; i < XABI_CB_MAX; i++ )
    {
        if ( !snap->cb[i].known )
            continue;
        sqlite3_clear_bindings(c);
        sqlite3_bind_text(c, 2, callback_names[i], -1, SQLITE_STATIC);
        if ( snap->cb[i].has_cs )
            sqlite3_bind_int(c, 3, snap->cb[i].cs);
        sqlite3_bind_int64(c, 4, (sqlite3_int64)snap->cb[i].address);
        if ( exec_row(st, c, id) )
            goto out;
    }
    for ( i = 0; snap->gdt && i < snap->ngdt; i++ )
    {
        sqlite3_bind_int(d, 2, (int)i);
        sqlite3_bind_int64(d, 3, (sqlite3_int64)snap->gdt[i]);
        if ( exec_row(st, d, id) )
            goto out;
    }
    rc = 0;
out:
    sqlite3_finalize(t);
    sqlite3_finalize(c);
    sqlite3_finalize(d);
    return rc;
}

static int put_pv_start_info(struct xabi_store *st,
                             const struct xabi_pv_start_info *si, int64_t id)
{
    sqlite3_stmt *s;
    int rc;

    if ( sqlite3_prepare_v2(st->db,
                            "INSERT INTO snapshot_pv_start_info VALUES (?1, "
                            "?2, ?3, ?4, ?5)",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "storing a snapshot");
    sqlite3_bind_int64(s, 2, (sqlite3_int64)si->va);
    sqlite3_bind_text(s, 3, si->magic, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)si->nr_pages);
    sqlite3_bind_int64(s, 5, si->flags);
    rc = exec_row(st, s, id);
    sqlite3_finalize(s);
    return rc;
}

static int put_start_info(struct xabi_store *st,
                          const struct xabi_start_info *si, int64_t id)
{
    sqlite3_stmt *s;

    if ( sqlite3_prepare_v2(st->db,
                            "INSERT INTO snapshot_start_info VALUES (?1, ?2, "
                            "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "storing a snapshot");
    sqlite3_bind_int64(s, 2, (sqlite3_int64)si->gpa);
    sqlite3_bind_int64(s, 3, si->magic);
    sqlite3_bind_int64(s, 4, si->version);
    sqlite3_bind_int64(s, 5, si->flags);
    sqlite3_bind_int64(s, 6, si->nr_modules);
    sqlite3_bind_int64(s, 7, (sqlite3_int64)si->modlist_paddr);
    sqlite3_bind_int64(s, 8, (sqlite3_int64)si->cmdline_paddr);
    sqlite3_bind_int64(s, 9, (sqlite3_int64)si->rsdp_paddr);
    if ( si->has_memmap )
    {
        sqlite3_bind_int64(s, 10, (sqlite3_int64)si->memmap_paddr);
        sqlite3_bind_int64(s, 11, si->memmap_entries);
    }
    if ( exec_row(st, s, id) )
    {
        sqlite3_finalize(s);
        return -1;
    }
    sqlite3_finalize(s);
    return 0;
}

int xabi_store_put_snapshot(struct xabi_store *st, int64_t run_id,
                            const struct xabi_snapshot *snap, int64_t *id)
{
    sqlite3_stmt *s;
    int rc;

    /* 16 GDT frames of 512 descriptors are all a guest can register. */
    if ( snap->ngdt > 8192 || snap->ntraps > 256 )
    {
        xabi_store_set_error(st, "%s: snapshot of d%dv%d: %u GDT entries, "
                             "%u trap entries: more than a vCPU has",
                             st->path, snap->domid, snap->vcpu, snap->ngdt,
                             snap->ntraps);
        return -1;
    }
    if ( sqlite3_prepare_v2(st->db,
                            "INSERT INTO snapshot (run_id, domid, vcpu, "
                            "phase, user_mode_seen, tsc, guest_type, source, "
                            "traps_read, gdt_read, taken_at) VALUES (?1, ?2, "
                            "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "storing a snapshot");
    sqlite3_bind_int(s, 2, snap->domid);
    sqlite3_bind_int(s, 3, snap->vcpu);
    sqlite3_bind_text(s, 4, xabi_snap_phase_name(snap->phase), -1,
                      SQLITE_STATIC);
    if ( snap->user_mode_seen >= 0 )
        sqlite3_bind_int(s, 5, snap->user_mode_seen);
    if ( snap->has_tsc )
        sqlite3_bind_int64(s, 6, (sqlite3_int64)snap->tsc);
    sqlite3_bind_text(s, 7, xabi_guest_type_name(snap->type), -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(s, 8, snap->source, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 9, snap->traps_read);
    sqlite3_bind_int(s, 10, snap->gdt_read);
    if ( snap->taken_at[0] )
        sqlite3_bind_text(s, 11, snap->taken_at, -1, SQLITE_STATIC);
    rc = exec_row(st, s, run_id);
    sqlite3_finalize(s);
    if ( rc )
        return -1;
    *id = sqlite3_last_insert_rowid(st->db);
    if ( put_regs_and_segments(st, snap, *id) || put_tables(st, snap, *id) )
        return -1;
    if ( snap->has_start_info && put_start_info(st, &snap->start_info, *id) )
        return -1;
    if ( snap->has_pv_start_info &&
         put_pv_start_info(st, &snap->pv_start_info, *id) )
        return -1;
    return 0;
}

/* ---- reading --------------------------------------------------------- */

/* Run sql with ?1 = id and hand each row to fill(snap, row). */
static int load_rows(struct xabi_store *st, const char *sql, int64_t id,
                     struct xabi_snapshot *snap,
                     int (*fill)(struct xabi_snapshot *, sqlite3_stmt *))
{
    sqlite3_stmt *s;
    int rc;

    if ( sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "reading a snapshot");
    sqlite3_bind_int64(s, 1, id);
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        if ( fill(snap, s) )
        {
            sqlite3_finalize(s);
            xabi_store_set_error(st, "%s: snapshot %lld: out of memory or "
                                 "a malformed row", st->path, (long long)id);
            return -1;
        }
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "reading a snapshot");
    return 0;
}

static int fill_reg(struct xabi_snapshot *snap, sqlite3_stmt *s)
{
    int i = INDEX_OF(reg_names, sqlite3_column_text(s, 0));

    if ( i >= 0 ) /* a name a newer xabi wrote: not ours to read */
    {
        snap->reg_mask |= 1u << i;
        snap->reg[i] = (uint64_t)sqlite3_column_int64(s, 1);
    }
    return 0;
}

static int fill_mtrr(struct xabi_snapshot *snap, sqlite3_stmt *s)
{
    const char *name = (const char *)sqlite3_column_text(s, 0);
    char buf[24];
    unsigned k;

    for ( k = 0; name && k < XABI_MTRR_ROWS; k++ )
    {
        uint64_t *slot = mtrr_row(&snap->mtrr, k, buf);

        if ( !strcmp(buf, name) )
        {
            *slot = (uint64_t)sqlite3_column_int64(s, 1);
            break;
        }
    }
    return 0;
}

/* The record is stored whole or not at all: all its rows, or none. */
static int fill_mtrr_whole(struct xabi_snapshot *snap, sqlite3_stmt *s)
{
    int64_t n = sqlite3_column_int64(s, 0);

    snap->has_mtrr = n == XABI_MTRR_ROWS;
    return n == 0 || n == XABI_MTRR_ROWS ? 0 : -1;
}

static int fill_seg(struct xabi_snapshot *snap, sqlite3_stmt *s)
{
    int i = INDEX_OF(seg_names, sqlite3_column_text(s, 0));
    struct xabi_segment *sg;

    if ( i < 0 )
        return 0;
    sg = &snap->seg[i];
    sg->known = true;
    sg->selector = (uint16_t)sqlite3_column_int(s, 1);
    sg->has_hidden = sqlite3_column_type(s, 2) != SQLITE_NULL;
    sg->base = (uint64_t)sqlite3_column_int64(s, 2);
    sg->limit = (uint32_t)sqlite3_column_int64(s, 3);
    sg->attr = (uint16_t)sqlite3_column_int(s, 4);
    if ( sqlite3_column_type(s, 5) == SQLITE_TEXT )
        snprintf(snap->seg_label[i], sizeof(snap->seg_label[i]), "%s",
                 (const char *)sqlite3_column_text(s, 5));
    return 0;
}

static int fill_trap(struct xabi_snapshot *snap, sqlite3_stmt *s)
{
    struct xabi_trap_entry *t;

    if ( snap->ntraps >= 256 )
        return -1;
    t = &snap->traps[snap->ntraps++];
    t->vector = (uint8_t)sqlite3_column_int(s, 0);
    t->flags = (uint8_t)sqlite3_column_int(s, 1);
    t->cs = (uint16_t)sqlite3_column_int(s, 2);
    t->address = (uint64_t)sqlite3_column_int64(s, 3);
    return 0;
}

static int fill_callback(struct xabi_snapshot *snap, sqlite3_stmt *s)
{
    int i = INDEX_OF(callback_names, sqlite3_column_text(s, 0));

    if ( i < 0 )
        return 0;
    snap->cb[i].known = true;
    snap->cb[i].has_cs = sqlite3_column_type(s, 1) != SQLITE_NULL;
    snap->cb[i].cs = (uint16_t)sqlite3_column_int(s, 1);
    snap->cb[i].address = (uint64_t)sqlite3_column_int64(s, 2);
    return 0;
}

static int fill_gdt(struct xabi_snapshot *snap, sqlite3_stmt *s)
{
    uint64_t *gdt = (uint64_t *)snap->gdt;
    int idx = sqlite3_column_int(s, 0);

    /* 16 frames of 512 descriptors: the most a guest can register. */
    if ( idx < 0 || idx >= 8192 )
        return -1;
    if ( (unsigned)idx >= snap->ngdt )
    {
        gdt = realloc(gdt, (size_t)(idx + 1) * sizeof(*gdt));
        if ( !gdt )
            return -1;
        memset(gdt + snap->ngdt, 0, (idx + 1 - snap->ngdt) * sizeof(*gdt));
        snap->ngdt = (unsigned)idx + 1;
        snap->gdt = gdt;
    }
    gdt[idx] = (uint64_t)sqlite3_column_int64(s, 1);
    return 0;
}

static int fill_pv_start_info(struct xabi_snapshot *snap, sqlite3_stmt *s)
{
    struct xabi_pv_start_info *si = &snap->pv_start_info;
    const char *magic = (const char *)sqlite3_column_text(s, 1);

    snap->has_pv_start_info = true;
    si->va = (uint64_t)sqlite3_column_int64(s, 0);
    snprintf(si->magic, sizeof(si->magic), "%s", magic ? magic : "");
    si->nr_pages = (uint64_t)sqlite3_column_int64(s, 2);
    si->flags = (uint32_t)sqlite3_column_int64(s, 3);
    return 0;
}

static int fill_start_info(struct xabi_snapshot *snap, sqlite3_stmt *s)
{
    struct xabi_start_info *si = &snap->start_info;

    snap->has_start_info = true;
    si->gpa = (uint64_t)sqlite3_column_int64(s, 0);
    si->magic = (uint32_t)sqlite3_column_int64(s, 1);
    si->version = (uint32_t)sqlite3_column_int64(s, 2);
    si->flags = (uint32_t)sqlite3_column_int64(s, 3);
    si->nr_modules = (uint32_t)sqlite3_column_int64(s, 4);
    si->modlist_paddr = (uint64_t)sqlite3_column_int64(s, 5);
    si->cmdline_paddr = (uint64_t)sqlite3_column_int64(s, 6);
    si->rsdp_paddr = (uint64_t)sqlite3_column_int64(s, 7);
    si->has_memmap = sqlite3_column_type(s, 8) != SQLITE_NULL;
    si->memmap_paddr = (uint64_t)sqlite3_column_int64(s, 8);
    si->memmap_entries = (uint32_t)sqlite3_column_int64(s, 9);
    return 0;
}

static int load_children(struct xabi_store *st, struct xabi_snapshot *snap)
{
    int64_t id = snap->id;

    return load_rows(st, "SELECT name, value FROM snapshot_reg "
                         "WHERE snapshot_id = ?1", id, snap, fill_reg) ||
           load_rows(st, "SELECT reg, selector, base, seg_limit, attr, "
                         "source_label FROM snapshot_segment WHERE "
                         "snapshot_id = ?1", id, snap,
                     fill_seg) ||
           load_rows(st, "SELECT vector, flags, cs, address FROM "
                         "snapshot_trap WHERE snapshot_id = ?1 ORDER BY "
                         "vector", id, snap, fill_trap) ||
           load_rows(st, "SELECT type, cs, address FROM snapshot_callback "
                         "WHERE snapshot_id = ?1", id, snap, fill_callback) ||
           load_rows(st, "SELECT idx, raw FROM snapshot_gdt WHERE "
                         "snapshot_id = ?1 ORDER BY idx", id, snap,
                     fill_gdt) ||
           load_rows(st, "SELECT name, value FROM snapshot_reg WHERE "
                         "snapshot_id = ?1 AND (name = 'pat' OR name GLOB "
                         "'mtrr_*')", id, snap, fill_mtrr) ||
           load_rows(st, "SELECT count(*) FROM snapshot_reg WHERE "
                         "snapshot_id = ?1 AND (name = 'pat' OR name GLOB "
                         "'mtrr_*')", id, snap, fill_mtrr_whole) ||
           load_rows(st, "SELECT va, magic, nr_pages, flags FROM "
                         "snapshot_pv_start_info WHERE snapshot_id = ?1", id,
                     snap, fill_pv_start_info) ||
           load_rows(st, "SELECT gpa, magic, version, flags, nr_modules, "
                         "modlist_paddr, cmdline_paddr, rsdp_paddr, "
                         "memmap_paddr, memmap_entries FROM "
                         "snapshot_start_info WHERE snapshot_id = ?1", id,
                     snap, fill_start_info)
               ? -1
               : 0;
}

static void fill_header(struct xabi_snapshot *snap, sqlite3_stmt *s)
{
    int t;

    memset(snap, 0, sizeof(*snap));
    snap->id = sqlite3_column_int64(s, 0);
    snap->domid = sqlite3_column_int(s, 1);
    snap->vcpu = sqlite3_column_int(s, 2);
    t = INDEX_OF(phase_names, sqlite3_column_text(s, 3));
    snap->phase = t < 0 ? XABI_SNAP_RUNNING : (enum xabi_snap_phase)t;
    snap->user_mode_seen = sqlite3_column_type(s, 4) == SQLITE_NULL
                               ? -1
                               : sqlite3_column_int(s, 4) != 0;
    snap->has_tsc = sqlite3_column_type(s, 5) != SQLITE_NULL;
    snap->tsc = (uint64_t)sqlite3_column_int64(s, 5);
    t = INDEX_OF(guest_type_names, sqlite3_column_text(s, 6));
    snap->type = t < 0 ? XABI_GUEST_HVM : (enum xabi_guest_type)t;
    snprintf(snap->source, sizeof(snap->source), "%s",
             (const char *)sqlite3_column_text(s, 7));
    snap->traps_read = sqlite3_column_int(s, 8);
    snap->gdt_read = sqlite3_column_int(s, 9);
    if ( sqlite3_column_type(s, 10) != SQLITE_NULL )
        snprintf(snap->taken_at, sizeof(snap->taken_at), "%s",
                 (const char *)sqlite3_column_text(s, 10));
}

#define SNAPSHOT_HEADER                                                        \
    "SELECT id, domid, vcpu, phase, user_mode_seen, tsc, guest_type, "        \
    "source, traps_read, gdt_read, taken_at FROM snapshot "

/* Each snapshot the prepared statement s selects (SNAPSHOT_HEADER's
 * columns), with its children, to fn; finalizes s. */
static int each_selected(struct xabi_store *st, sqlite3_stmt *s,
                         xabi_store_snapshot_fn fn, void *ctx)
{
    struct xabi_snapshot *snap = malloc(sizeof(*snap));
    int rc = SQLITE_DONE, ret = 0;

    if ( !snap )
    {
        sqlite3_finalize(s);
        xabi_store_set_error(st, "out of memory reading snapshots");
        return -1;
    }
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        fill_header(snap, s);
        ret = load_children(st, snap);
        if ( !ret )
            ret = fn(ctx, snap);
        free((void *)snap->gdt);
        if ( ret )
            break;
    }
    if ( !ret && rc != SQLITE_DONE )
        xabi_store_sql_error(st, "reading snapshots");
    sqlite3_finalize(s);
    free(snap);
    if ( ret < 0 || (!ret && rc != SQLITE_DONE) )
        return -1;
    return 0;
}

int xabi_store_each_snapshot(struct xabi_store *st, int64_t run_id,
                             xabi_store_snapshot_fn fn, void *ctx)
{
    sqlite3_stmt *s;

    if ( sqlite3_prepare_v2(st->db,
                            SNAPSHOT_HEADER "WHERE run_id = ?1 "
                            "ORDER BY domid, vcpu, id",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "reading snapshots");
    sqlite3_bind_int64(s, 1, run_id);
    return each_selected(st, s, fn, ctx);
}

int xabi_store_each_snapshot_elsewhere(struct xabi_store *st, int64_t run_id,
                                       int32_t domid, int32_t vcpu,
                                       xabi_store_snapshot_fn fn, void *ctx)
{
    sqlite3_stmt *s;

    if ( sqlite3_prepare_v2(st->db,
                            SNAPSHOT_HEADER "WHERE run_id <> ?1 AND "
                            "domid = ?2 AND vcpu = ?3 ORDER BY run_id, id",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "reading snapshots");
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, domid);
    sqlite3_bind_int(s, 3, vcpu);
    return each_selected(st, s, fn, ctx);
}
