/*
 * fuzz-trace.c: libFuzzer target for the trace reader.
 *
 * The input is a trace file.  It is read twice through
 * xabi_trace_open_mem: once as `xabi collect` reads it, once with
 * --salvage and a tiny merge buffer (so the forced-merge path runs too).
 * Every record handed out is passed to its event's decoder, as the
 * collector would.  Then it is read by xabi_trace_next and, beside it, by
 * xabi_trace_read in batches of 5, which must hand out the same records
 * and end the same way.
 *
 * Besides "never crash", the target checks the reader's promises and
 * traps when one is broken:
 *   - a record lies wholly inside the input, with at most 7 extra words;
 *   - an error message names a byte offset;
 *   - stats.truncated_at and stats.damaged_at lie inside the input;
 *   - with --salvage, the reader fails only at offset 0 (nothing to keep),
 *     and hands out nothing that lies beyond the damage in the input,
 *     even records it handed out before it found the damage;
 *   - within a pCPU, the TSCs records carry (padding aside) never go back:
 *     a trace where one does is damage, not records.
 */
#include "collector/collector-int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "tests/fuzz/fuzz-check.h"

static void decode(const struct xabi_trace_record *r)
{
    const struct xabi_event_desc *d = xabi_event_lookup(r->event);
    struct xabi_fact f;
    int kind;

    if ( !d || !d->decode )
        return;
    memset(&f, 0, sizeof(f));
    /* A decoder names a kind the store knows, or says the record is short. */
    kind = d->decode(r, &f);
    CHECK(kind == -1 || (kind >= 0 && kind < XABI_K_MAX &&
                         xabi_kind_name[kind] != NULL));
    (void)xabi_hypercall_v2_reserved(r);
}

static void read_all(const uint8_t *data, size_t size, bool salvage,
                     size_t merge_limit)
{
    struct xabi_trace_opts opts = {
        .salvage = salvage,
        .merge_limit = merge_limit,
    };
    const struct xabi_trace_record *r;
    struct xabi_trace_stats s;
    struct xabi_trace *t;
    uint64_t max_offset = 0, *last;
    bool any = false;
    int rc;

    /* The last own TSC handed out per pCPU (a pCPU number is 16 bits). */
    last = calloc(65536, sizeof(*last));
    CHECK(last != NULL);
    if ( xabi_trace_open_mem(data, size, "fuzz", &opts, &t) )
    {
        xabi_trace_close(t);
        free(last);
        return;
    }
    while ( (rc = xabi_trace_next(t, &r)) > 0 )
    {
        uint64_t len = 4 + (r->own_tsc ? 8 : 0) + 4u * r->nextra;

        CHECK(r->nextra <= 7);
        CHECK(r->offset <= size && len <= size - r->offset);
        CHECK(r->event <= 0x0fffffffu);
        if ( r->own_tsc && r->event != XABI_TRC_TRACE_WRAP_BUFFER )
        {
            CHECK(r->tsc >= last[r->pcpu]);
            last[r->pcpu] = r->tsc;
        }
        if ( !any || r->offset > max_offset )
            max_offset = r->offset;
        any = true;
        if ( salvage )
        {
            xabi_trace_get_stats(t, &s);
            CHECK(!s.damaged || r->offset < s.damaged_at);
        }
        decode(r);
    }
    xabi_trace_get_stats(t, &s);
    if ( rc < 0 )
        CHECK(strstr(xabi_trace_errmsg(t), "offset ") != NULL);
    else
    {
        CHECK(s.bytes <= size);
        CHECK(!s.truncated || s.truncated_at <= size);
        CHECK(!s.damaged || (s.damaged_at > 0 && s.damaged_at < size));
        CHECK(!s.damaged || !any || max_offset < s.damaged_at);
    }
    if ( salvage && rc < 0 )
        CHECK(strstr(xabi_trace_errmsg(t), ": offset 0 (") != NULL);
    xabi_trace_close(t);
    free(last);
}

/* xabi_trace_read in batches hands out what xabi_trace_next does. */
static void same_batched(const uint8_t *data, size_t size, bool salvage)
{
    struct xabi_trace_opts opts = { .salvage = salvage };
    const struct xabi_trace_record *r;
    struct xabi_trace_record recs[5];
    struct xabi_trace *a, *b;
    int rc = 0, n = 0, i = 0;

    if ( xabi_trace_open_mem(data, size, "fuzz", &opts, &a) ||
         xabi_trace_open_mem(data, size, "fuzz", &opts, &b) )
        __builtin_trap(); /* only out of memory */
    for ( ;; )
    {
        if ( i == n )
        {
            n = xabi_trace_read(b, recs, 5);
            i = 0;
        }
        rc = xabi_trace_next(a, &r);
        CHECK((rc > 0) == (n > 0));
        if ( rc <= 0 )
            break;
        CHECK(r->offset == recs[i].offset && r->tsc == recs[i].tsc &&
              r->event == recs[i].event && r->pcpu == recs[i].pcpu &&
              r->nextra == recs[i].nextra &&
              r->tsc_valid == recs[i].tsc_valid &&
              memcmp(r->extra, recs[i].extra, 4u * r->nextra) == 0);
        i++;
    }
    CHECK(rc == n);
    if ( rc < 0 )
        CHECK(strcmp(xabi_trace_errmsg(a), xabi_trace_errmsg(b)) == 0);
    xabi_trace_close(a);
    xabi_trace_close(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_all(data, size, false, 0);
    read_all(data, size, true, 64);
    same_batched(data, size, false);
    same_batched(data, size, true);
    return 0;
}
