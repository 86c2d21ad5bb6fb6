/*
 * live.c (store): what a live run read of its host (schema/011-live.sql).
 * A few rows per run, so statements are prepared per call.
 */
#include "store/store-int.h"

int xabi_store_put_live_host(struct xabi_store *st, int64_t run_id,
                             const struct xabi_live_host_info *h)
{
    sqlite3_stmt *s =
        xabi_store_prepare(st, "INSERT INTO live_host (run_id, "
                               "xen_full_version, xen_capabilities, "
                               "event_mask, duration, snapshot_interval, "
                               "started) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, h->xen_full_version, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, h->xen_capabilities, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, h->event_mask);
    if ( h->duration > 0 )
        sqlite3_bind_double(s, 5, h->duration);
    if ( h->interval > 0 )
        sqlite3_bind_double(s, 6, h->interval);
    sqlite3_bind_int(s, 7, h->started);
    return xabi_store_step_once(st, s, "storing the live host");
}

int xabi_store_put_live_domain(struct xabi_store *st, int64_t run_id,
                               const struct xabi_live_domain_info *d)
{
    sqlite3_stmt *s =
        xabi_store_prepare(st, "INSERT INTO live_domain (run_id, domid, name, "
                               "guest_type, vcpus, paused, selected) VALUES "
                               "(?1, ?2, ?3, ?4, ?5, ?6, ?7)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, d->domid);
    /* A name is the guest's text, stored as found; printers escape it. */
    if ( d->name && d->name[0] )
        sqlite3_bind_text(s, 3, d->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, xabi_guest_type_name(d->type), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 5, (int)d->vcpus);
    sqlite3_bind_int(s, 6, d->paused);
    sqlite3_bind_int(s, 7, d->selected);
    return xabi_store_step_once(st, s, "storing a live domain");
}

int xabi_store_put_domain_state(struct xabi_store *st, int64_t run_id,
                                const struct xabi_domain_state *d)
{
    sqlite3_stmt *s = xabi_store_prepare(
        st, "INSERT INTO live_domain_state (run_id, domid, phase, shutdown, "
            "shutdown_reason, dying) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, d->domid);
    sqlite3_bind_text(s, 3, d->end ? "end" : "start", -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, d->shutdown);
    if ( d->shutdown )
        sqlite3_bind_int64(s, 5, d->reason);
    sqlite3_bind_int(s, 6, d->dying);
    return xabi_store_step_once(st, s, "storing a domain state");
}

static void bind_hidden(sqlite3_stmt *s, int col, const struct xabi_segment *g)
{
    if ( !g->has_hidden )
        return;
    sqlite3_bind_int64(s, col, (sqlite3_int64)g->base);
    sqlite3_bind_int64(s, col + 2, g->limit);
    sqlite3_bind_int64(s, col + 4, g->attr);
}

int xabi_store_put_segment_load(struct xabi_store *st, int64_t run_id,
                                int32_t domid, int32_t vcpu, enum xabi_sreg reg,
                                int64_t before, int64_t after,
                                const struct xabi_segment *old,
                                const struct xabi_segment *now)
{
    sqlite3_stmt *s =
        xabi_store_prepare(st, "INSERT INTO segment_load (run_id, domid, "
                               "vcpu, reg, before_snapshot, after_snapshot, "
                               "old_selector, new_selector, old_base, "
                               "new_base, old_limit, new_limit, old_attr, "
                               "new_attr) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                               "?8, ?9, ?10, ?11, ?12, ?13, ?14)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, domid);
    sqlite3_bind_int(s, 3, vcpu);
    sqlite3_bind_text(s, 4, xabi_sreg_name(reg), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, before);
    sqlite3_bind_int64(s, 6, after);
    sqlite3_bind_int(s, 7, old->selector);
    sqlite3_bind_int(s, 8, now->selector);
    bind_hidden(s, 9, old);
    bind_hidden(s, 10, now);
    return xabi_store_step_once(st, s, "storing a segment load");
}

int xabi_store_put_live_problem(struct xabi_store *st, int64_t run_id, int seq,
                                int32_t domid, int32_t vcpu,
                                const char *message)
{
    sqlite3_stmt *s =
        xabi_store_prepare(st, "INSERT INTO live_problem (run_id, seq, domid, "
                               "vcpu, message) VALUES (?1, ?2, ?3, ?4, ?5)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, seq);
    if ( domid >= 0 )
        sqlite3_bind_int(s, 3, domid);
    if ( vcpu >= 0 )
        sqlite3_bind_int(s, 4, vcpu);
    sqlite3_bind_text(s, 5, message, -1, SQLITE_TRANSIENT);
    return xabi_store_step_once(st, s, "storing a live problem");
}
