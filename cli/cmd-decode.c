/*
 * cmd-decode.c: `xabi decode`, the decoder ring.
 *
 * Takes apart a selector, a descriptor, a trace event id or a trap-table
 * entry (abi/ does the work) and names what the chosen Xen version's
 * headers name (the catalogue: FLAT_* selectors, TRC_* ids).  Opens no
 * database unless asked: without --db it reads ./xabi.db if present, else
 * the built-in catalogue in memory.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/abi.h"
#include "cli/catalogue.h"
#include "cli/cli.h"
#include "store/store.h"

#define MAX_ARGS 4

/*
 * The exit status of an "invalid" verdict: 3, as `xabi check` exits on
 * findings.  A value is invalid when no guest type shown could hold it
 * (with --guest-type, when that one cannot), or a descriptor is unusable.
 */
#define EXIT_INVALID 3

struct decode_opts
{
    const char *db;
    const char *version;
    bool json;
    bool force_long, force_legacy;
    enum xabi_seg seg;
    int guest; /* enum xabi_hc_guest of --guest-type; -1: every one */
    const char *args[MAX_ARGS];
    int nargs;
};

/* What the subcommands share: the options and the version's catalogue. */
struct decode_ctx
{
    const struct decode_opts *o;
    const struct xabi_abi *abi; /* NULL for descriptor */
    char label[160]; /* "4.17", or "4.17.3, catalogue 4.17" */
};

/* ---- selectors --------------------------------------------------------- */

static int64_t first_reserved(const struct xabi_abi *abi)
{
    const struct xabi_abi_constant *c =
        xabi_abi_constant_find(abi, "gdt", NULL, "FIRST_RESERVED_GDT_ENTRY");

    return c ? c->value : -1;
}

static const char *check_name(enum xabi_gdt_comment k)
{
    static const char *const names[] = {
        [XABI_GDT_COMMENT_NONE] = "none",
        [XABI_GDT_COMMENT_EXACT] = "exact",
        [XABI_GDT_COMMENT_HISTORIC] = "historic",
        [XABI_GDT_COMMENT_WRONG] = "wrong",
    };

    return names[k];
}

/* ---- one guest type's reading of a selector ---------------------------- */

/* The guest types in the order they are shown. */
static const enum xabi_hc_guest guest_order[] = {
    XABI_HC_PV32, XABI_HC_PV64, XABI_HC_HVM32, XABI_HC_HVM64,
};
#define NGUESTS (sizeof(guest_order) / sizeof(guest_order[0]))

static const char *guest_label(enum xabi_hc_guest g)
{
    static const char *const labels[] = {
        [XABI_HC_PV32] = "PV32", [XABI_HC_PV64] = "PV64",
        [XABI_HC_HVM32] = "HVM32", [XABI_HC_HVM64] = "HVM64",
    };

    return labels[g];
}

/* Is c a FLAT_* selector of header (any header if NULL) with this value? */
static bool flat_match(const struct xabi_abi_constant *c, const char *header,
                       uint16_t value)
{
    return strcmp(c->kind, "flat_selector") == 0 && c->value == value &&
           (!header || strcmp(c->header, header) == 0);
}

/*
 * Why value does not fit register seg for guest type g, by the names of
 * g's header (xabi_flat_header()): the value alone first, then the first
 * name that misfits.  NULL if it fits, or seg is XABI_SEG_ANY.
 */
static const char *reading_misfit(const struct xabi_abi *abi,
                                  enum xabi_hc_guest g, enum xabi_seg seg,
                                  uint16_t value)
{
    const char *header = xabi_flat_header(g), *why;
    size_t i;

    if ( seg == XABI_SEG_ANY )
        return NULL;
    why = xabi_selector_misfit_for(g, seg, NULL, value);
    for ( i = 0; !why && header && i < abi->ncon; i++ )
    {
        if ( flat_match(&abi->con[i], header, value) )
            why = xabi_selector_misfit_for(g, seg, abi->con[i].name, value);
    }
    return why;
}

/* Which guest types a command shows: the one --guest-type names, or all. */
static size_t readings(const struct decode_opts *o,
                       enum xabi_hc_guest out[NGUESTS])
{
    size_t i;

    if ( o->guest >= 0 )
    {
        out[0] = (enum xabi_hc_guest)o->guest;
        return 1;
    }
    for ( i = 0; i < NGUESTS; i++ )
        out[i] = guest_order[i];
    return NGUESTS;
}

/*
 * The verdict over the readings shown: invalid when no guest type shown
 * can hold the value in seg (with --guest-type, when that one cannot).
 */
static bool readings_invalid(const struct decode_opts *o,
                             const struct xabi_abi *abi, enum xabi_seg seg,
                             uint16_t value)
{
    enum xabi_hc_guest gs[NGUESTS];
    size_t i, n = readings(o, gs);

    if ( seg == XABI_SEG_ANY )
        return false;
    for ( i = 0; i < n; i++ )
    {
        if ( !reading_misfit(abi, gs[i], seg, value) )
            return false;
    }
    return true;
}

static const char *seg_label(enum xabi_seg seg)
{
    return seg == XABI_SEG_CS   ? "CS"
           : seg == XABI_SEG_SS ? "SS"
                                : "DS, ES, FS or GS";
}

/* Explain, once, what the comments' "GDT index N" means. */
static void print_comment_meaning(const struct xabi_selector *s,
                                  enum xabi_gdt_comment k, unsigned long n,
                                  int64_t first)
{
    if ( k == XABI_GDT_COMMENT_EXACT )
        printf("the real index\n");
    else if ( k == XABI_GDT_COMMENT_HISTORIC )
        printf("%lu = %u + %" PRId64 ", counted from Xen 2.0's reserved area "
               "at %u, not the real index %u\n",
               n, XABI_GDT_HISTORIC_FIRST, (int64_t)s->index - first,
               XABI_GDT_HISTORIC_FIRST, s->index);
    else if ( first >= 0 && s->index >= first )
        printf("wrong: neither the real index %u nor the historic %" PRId64
               " (%u + %" PRId64 ")\n",
               s->index, XABI_GDT_HISTORIC_FIRST + (s->index - first),
               XABI_GDT_HISTORIC_FIRST, (int64_t)s->index - first);
    else
        printf("wrong: the real index is %u\n", s->index);
}

/*
 * The header comments on this value's FLAT_* names that state a "GDT
 * index", each distinct comment once with every name that carries it,
 * over the headers of the guest types shown.
 */
static void print_comments(const struct xabi_selector *s,
                           const struct xabi_abi *abi,
                           const enum xabi_hc_guest *gs, size_t ng)
{
    const struct xabi_abi_constant *m[64];
    int64_t first = first_reserved(abi);
    unsigned fr = first < 0 ? 0 : (unsigned)first;
    bool done[64] = { false };
    size_t i, j, h, nm = 0;

    /* The names shown, in catalogue order. */
    for ( i = 0; i < abi->ncon && nm < 64; i++ )
    {
        for ( h = 0; h < ng; h++ )
        {
            if ( xabi_flat_header(gs[h]) &&
                 flat_match(&abi->con[i], xabi_flat_header(gs[h]), s->value) )
            {
                m[nm++] = &abi->con[i];
                break;
            }
        }
    }
    for ( i = 0; i < nm; i++ )
    {
        const char *last_header = NULL;
        enum xabi_gdt_comment k;
        unsigned long n = 0;
        unsigned names = 0;

        k = xabi_selector_check_comment(s, fr, m[i]->comment, &n);
        if ( done[i] || k == XABI_GDT_COMMENT_NONE )
            continue;
        printf("  ");
        for ( j = i; j < nm; j++ )
        {
            if ( strcmp(m[j]->comment, m[i]->comment) )
                continue;
            done[j] = true;
            if ( last_header && strcmp(last_header, m[j]->header) )
                printf(" (%s), ", last_header);
            else if ( last_header )
                printf(", ");
            printf("%s", m[j]->name);
            last_header = m[j]->header;
            names++;
        }
        printf(" (%s) %s \"%s\": ", last_header, names > 1 ? "say" : "says",
               m[i]->comment);
        print_comment_meaning(s, k, n, first);
    }
}

/* One reading in text: the names g's header gives, and with seg the fit. */
static void print_reading(const struct xabi_selector *s,
                          const struct xabi_abi *abi, enum xabi_hc_guest g,
                          enum xabi_seg seg)
{
    const char *header = xabi_flat_header(g), *why;
    bool any = false;
    size_t i;

    printf("  %s", guest_label(g));
    if ( header )
        printf(" (%s)", header);
    printf(": ");
    for ( i = 0; header && i < abi->ncon; i++ )
    {
        if ( !flat_match(&abi->con[i], header, s->value) )
            continue;
        printf("%s%s", any ? ", " : "", abi->con[i].name);
        any = true;
    }
    if ( !any )
        printf(header ? "no FLAT_* name" : "no FLAT_* name applies: the "
                                           "guest's own GDT or LDT");
    printf("\n");
    if ( seg == XABI_SEG_ANY )
        return;
    why = reading_misfit(abi, g, seg, s->value);
    if ( !why )
    {
        printf("    in %s: valid\n", seg_label(seg));
        return;
    }
    printf("    in %s: invalid: %s", seg_label(seg), why);
    for ( i = 0, any = false; header && i < abi->ncon; i++ )
    {
        const struct xabi_abi_constant *c = &abi->con[i];

        if ( !flat_match(c, header, s->value) ||
             xabi_selector_misfit_for(g, seg, c->name, s->value) != why )
            continue;
        printf("%s%s", any ? ", " : ", as the header names it: ", c->name);
        any = true;
    }
    printf("\n");
}

/*
 * The guest types the value fits (invalid false) or does not, as "PV32,
 * HVM32", after prefix if there is any.  Returns how many.
 */
static size_t print_verdict_types(const struct xabi_abi *abi,
                                  const enum xabi_hc_guest *gs, size_t n,
                                  enum xabi_seg seg, uint16_t value,
                                  bool invalid, const char *prefix)
{
    size_t i, k = 0;

    for ( i = 0; i < n; i++ )
    {
        if ( (reading_misfit(abi, gs[i], seg, value) != NULL) != invalid )
            continue;
        printf("%s%s", k ? ", " : prefix, guest_label(gs[i]));
        k++;
    }
    return k;
}

/* Every reading shown, the comments once, and the verdict. */
static void print_readings(const struct xabi_selector *s,
                           const struct xabi_abi *abi,
                           const struct decode_opts *o, enum xabi_seg seg)
{
    enum xabi_hc_guest gs[NGUESTS];
    size_t i, n = readings(o, gs);
    bool bad;

    print_comments(s, abi, gs, n);
    for ( i = 0; i < n; i++ )
        print_reading(s, abi, gs[i], seg);
    if ( seg == XABI_SEG_ANY )
        return;
    bad = readings_invalid(o, abi, seg, s->value);
    printf("  verdict: %s in %s for", bad ? "invalid" : "valid",
           seg_label(seg));
    print_verdict_types(abi, gs, n, seg, s->value, bad, " ");
    if ( !bad )
        print_verdict_types(abi, gs, n, seg, s->value, true,
                            "; invalid for ");
    printf("\n");
}

static void selector_text(const struct xabi_selector *s,
                          const struct xabi_abi *abi, const char *version,
                          const struct decode_opts *o)
{
    int64_t first = first_reserved(abi);

    printf("selector 0x%04x (Xen %s)\n", s->value, version);
    printf("  index %u in the %s, RPL %u%s\n", s->index,
           s->ldt ? "LDT" : "GDT", s->rpl,
           s->null ? " (the null selector)" : "");
    if ( !s->ldt && first >= 0 && s->index >= first )
        printf("  entry %" PRId64 " of Xen's reserved GDT area, which starts "
               "at %" PRId64 " (FIRST_RESERVED_GDT_ENTRY); Xen 2.0 counted "
               "it as %" PRId64 "\n",
               s->index - first, first,
               XABI_GDT_HISTORIC_FIRST + (s->index - first));
    print_readings(s, abi, o, o->seg);
}

static void selector_json_names(const struct xabi_selector *s,
                                const struct xabi_abi *abi, enum xabi_seg seg)
{
    int64_t first = first_reserved(abi);
    bool any = false;
    size_t i;

    printf("[");
    for ( i = 0; i < abi->ncon; i++ )
    {
        const struct xabi_abi_constant *c = &abi->con[i];
        enum xabi_gdt_comment k;
        unsigned long n = 0;
        bool f = true;

        if ( !flat_match(c, NULL, s->value) )
            continue;
        k = xabi_selector_check_comment(s, first < 0 ? 0 : (unsigned)first,
                                        c->comment, &n);
        printf("%s{", any ? ", " : "");
        any = true;
        xabi_cli_json_key(stdout, &f, "name");
        xabi_cli_json_string(stdout, c->name);
        xabi_cli_json_key(stdout, &f, "header");
        xabi_cli_json_string(stdout, c->header);
        xabi_cli_json_key(stdout, &f, "comment");
        xabi_cli_json_string(stdout, c->comment[0] ? c->comment : NULL);
        xabi_cli_json_key(stdout, &f, "comment_check");
        xabi_cli_json_string(stdout, check_name(k));
        xabi_cli_json_key(stdout, &f, "comment_index");
        if ( k == XABI_GDT_COMMENT_NONE )
            printf("null");
        else
            printf("%lu", n);
        xabi_cli_json_key(stdout, &f, "invalid_in_seg");
        xabi_cli_json_string(stdout,
                             xabi_selector_misfit(seg, c->name, s->value));
        printf("}");
    }
    printf("]");
}

/* "guest_types": each reading shown, and "valid" over them (null: no seg). */
static void selector_json_readings(const struct xabi_selector *s,
                                   const struct xabi_abi *abi,
                                   const struct decode_opts *o,
                                   enum xabi_seg seg, bool *f)
{
    enum xabi_hc_guest gs[NGUESTS];
    size_t i, j, n = readings(o, gs);

    xabi_cli_json_key(stdout, f, "guest_types");
    printf("[");
    for ( i = 0; i < n; i++ )
    {
        const char *header = xabi_flat_header(gs[i]);
        bool g = true, any = false;

        printf("%s{", i ? ", " : "");
        xabi_cli_json_key(stdout, &g, "guest_type");
        xabi_cli_json_string(stdout, guest_label(gs[i]));
        xabi_cli_json_key(stdout, &g, "header");
        xabi_cli_json_string(stdout, header);
        xabi_cli_json_key(stdout, &g, "names");
        printf("[");
        for ( j = 0; header && j < abi->ncon; j++ )
        {
            if ( !flat_match(&abi->con[j], header, s->value) )
                continue;
            printf("%s", any ? ", " : "");
            xabi_cli_json_string(stdout, abi->con[j].name);
            any = true;
        }
        printf("]");
        xabi_cli_json_key(stdout, &g, "invalid");
        xabi_cli_json_string(stdout, reading_misfit(abi, gs[i], seg,
                                                    s->value));
        printf("}");
    }
    printf("]");
    xabi_cli_json_key(stdout, f, "valid");
    if ( seg == XABI_SEG_ANY )
        printf("null");
    else
        printf("%s", readings_invalid(o, abi, seg, s->value) ? "false"
                                                             : "true");
}

static void selector_json(const struct xabi_selector *s,
                          const struct xabi_abi *abi,
                          const struct decode_opts *o)
{
    int64_t first = first_reserved(abi);
    bool f = true, reserved = !s->ldt && first >= 0 && s->index >= first;

    printf("{");
    xabi_cli_json_key(stdout, &f, "selector");
    printf("%u", s->value);
    xabi_cli_json_key(stdout, &f, "xen_version");
    xabi_cli_json_string(stdout, o->version);
    xabi_cli_json_key(stdout, &f, "catalogue_version");
    xabi_cli_json_string(stdout, abi->version);
    xabi_cli_json_key(stdout, &f, "index");
    printf("%u", s->index);
    xabi_cli_json_key(stdout, &f, "table");
    xabi_cli_json_string(stdout, s->ldt ? "LDT" : "GDT");
    xabi_cli_json_key(stdout, &f, "rpl");
    printf("%u", s->rpl);
    xabi_cli_json_key(stdout, &f, "null");
    printf("%s", s->null ? "true" : "false");
    xabi_cli_json_key(stdout, &f, "first_reserved_gdt_entry");
    if ( first >= 0 )
        printf("%" PRId64, first);
    else
        printf("null");
    xabi_cli_json_key(stdout, &f, "reserved_entry");
    if ( reserved )
        printf("%" PRId64, s->index - first);
    else
        printf("null");
    xabi_cli_json_key(stdout, &f, "historic_index");
    if ( reserved )
        printf("%" PRId64, XABI_GDT_HISTORIC_FIRST + (s->index - first));
    else
        printf("null");
    xabi_cli_json_key(stdout, &f, "names");
    selector_json_names(s, abi, o->seg);
    selector_json_readings(s, abi, o, o->seg, &f);
    printf("}\n");
}

static int do_selector(const struct decode_ctx *dc)
{
    struct xabi_selector s;
    uint64_t v;

    if ( xabi_parse_u64(dc->o->args[0], 0xffff, &v) )
        return xabi_cli_error("selector '%s': not a number from 0 to 0xffff",
                              dc->o->args[0]);
    xabi_selector_decode((uint16_t)v, &s);
    if ( dc->o->json )
        selector_json(&s, dc->abi, dc->o);
    else
        selector_text(&s, dc->abi, dc->label, dc->o);
    return readings_invalid(dc->o, dc->abi, dc->o->seg, s.value)
               ? EXIT_INVALID
               : XABI_EXIT_OK;
}

/* ---- descriptors ------------------------------------------------------ */

static const char *kind_name(const struct xabi_descriptor *d)
{
    return d->kind == XABI_DESC_CODE   ? "code"
           : d->kind == XABI_DESC_DATA ? "data"
                                       : "system";
}

static void type_text(const struct xabi_descriptor *d, char *buf, size_t len)
{
    if ( d->kind == XABI_DESC_CODE )
        snprintf(buf, len, "code, %s, %s, %s",
                 d->readable ? "execute/read" : "execute-only",
                 d->conforming ? "conforming" : "non-conforming",
                 d->accessed ? "accessed" : "not accessed");
    else if ( d->kind == XABI_DESC_DATA )
        snprintf(buf, len, "data, %s, %s, %s",
                 d->writable ? "read/write" : "read-only",
                 d->expand_down ? "expand-down" : "expand-up",
                 d->accessed ? "accessed" : "not accessed");
    else
        snprintf(buf, len, "system, %s",
                 d->sys_name ? d->sys_name : "reserved");
}

static void descriptor_text(const struct xabi_descriptor *d)
{
    char sum[160], type[160];
    unsigned bit;

    xabi_descriptor_summary(d, sum, sizeof(sum));
    type_text(d, type, sizeof(type));
    if ( d->wide )
        printf("descriptor 0x%016" PRIx64 " 0x%016" PRIx64 " (16 bytes)\n",
               d->lo, d->hi);
    else
        printf("descriptor 0x%016" PRIx64 "\n", d->lo);
    printf("  summary: %s\n", sum);
    if ( d->gate )
        printf("  gate: selector 0x%04x, offset 0x%" PRIx64
               ", parameters %u, IST %u\n",
               d->gate_selector, d->gate_offset, d->gate_params, d->gate_ist);
    else
        printf("  base 0x%" PRIx64 ", limit 0x%05x, scaled by G=%d to "
               "0x%" PRIx64 "\n",
               d->base, d->limit, d->g, d->limit_last);
    if ( d->kind == XABI_DESC_DATA && d->expand_down )
        printf("  expand-down: valid offsets 0x%" PRIx64 " to 0x%x\n",
               d->limit_last + 1, d->db ? 0xffffffffu : 0xffffu);
    printf("  type 0x%x: %s\n", d->type, type);
    printf("  S=%d DPL=%u P=%d AVL=%d L=%d D/B=%d G=%d%s\n", d->s, d->dpl,
           d->p, d->avl, d->l, d->db, d->g,
           d->kind != XABI_DESC_SYSTEM ? ""
           : d->long_mode              ? " (system types as in long mode)"
                                       : " (system types as in legacy mode)");
    for ( bit = 1; bit; bit <<= 1 )
    {
        if ( d->bad & bit )
            printf("  invalid: %s\n", xabi_descriptor_bad_text(bit));
    }
}

static void json_bool(bool *f, const char *key, bool v)
{
    xabi_cli_json_key(stdout, f, key);
    printf("%s", v ? "true" : "false");
}

static void json_u64(bool *f, const char *key, uint64_t v)
{
    xabi_cli_json_key(stdout, f, key);
    printf("%" PRIu64, v);
}

static void descriptor_json_bad(const struct xabi_descriptor *d)
{
    bool any = false;
    unsigned bit;

    printf("[");
    for ( bit = 1; bit; bit <<= 1 )
    {
        if ( !(d->bad & bit) )
            continue;
        printf("%s", any ? ", " : "");
        xabi_cli_json_string(stdout, xabi_descriptor_bad_text(bit));
        any = true;
    }
    printf("]");
}

static void descriptor_json(const struct xabi_descriptor *d)
{
    char sum[160], type[160];
    bool f = true;

    xabi_descriptor_summary(d, sum, sizeof(sum));
    type_text(d, type, sizeof(type));
    printf("{");
    json_u64(&f, "low", d->lo);
    xabi_cli_json_key(stdout, &f, "high");
    if ( d->wide )
        printf("%" PRIu64, d->hi);
    else
        printf("null");
    json_bool(&f, "long_mode", d->long_mode);
    xabi_cli_json_key(stdout, &f, "summary");
    xabi_cli_json_string(stdout, sum);
    xabi_cli_json_key(stdout, &f, "kind");
    xabi_cli_json_string(stdout, kind_name(d));
    xabi_cli_json_key(stdout, &f, "type_text");
    xabi_cli_json_string(stdout, type);
    json_u64(&f, "type", d->type);
    json_u64(&f, "base", d->base);
    json_u64(&f, "limit", d->limit);
    json_u64(&f, "limit_last", d->limit_last);
    json_bool(&f, "s", d->s);
    json_u64(&f, "dpl", d->dpl);
    json_bool(&f, "p", d->p);
    json_bool(&f, "avl", d->avl);
    json_bool(&f, "l", d->l);
    json_bool(&f, "db", d->db);
    json_bool(&f, "g", d->g);
    if ( d->gate )
    {
        json_u64(&f, "gate_selector", d->gate_selector);
        json_u64(&f, "gate_offset", d->gate_offset);
        json_u64(&f, "gate_params", d->gate_params);
        json_u64(&f, "gate_ist", d->gate_ist);
    }
    json_bool(&f, "valid", d->bad == 0);
    xabi_cli_json_key(stdout, &f, "invalid");
    descriptor_json_bad(d);
    printf("}\n");
}

static int do_descriptor(const struct decode_ctx *dc)
{
    const struct decode_opts *o = dc->o;
    struct xabi_descriptor d;
    uint64_t lo, hi = 0;
    bool wide = o->nargs > 1, long_mode;

    if ( xabi_parse_u64(o->args[0], UINT64_MAX, &lo) ||
         (wide && xabi_parse_u64(o->args[1], UINT64_MAX, &hi)) )
        return xabi_cli_error("descriptor '%s%s%s': not a 64-bit number",
                              o->args[0], wide ? " " : "",
                              wide ? o->args[1] : "");
    /* A 64-bit guest's descriptors are read as long mode reads them. */
    long_mode = o->force_long ||
                ((wide || o->guest == XABI_HC_PV64 ||
                  o->guest == XABI_HC_HVM64) &&
                 !o->force_legacy);
    xabi_descriptor_decode(lo, hi, wide, long_mode, o->seg, &d);
    if ( o->json )
        descriptor_json(&d);
    else
        descriptor_text(&d);
    return d.bad ? EXIT_INVALID : XABI_EXIT_OK;
}

/* ---- trace events ------------------------------------------------------ */

/* The first TRC_* name with this value, or NULL. */
static const char *trc_name(const struct xabi_abi *abi, uint32_t value,
                            const char *skip)
{
    size_t i;

    for ( i = 0; i < abi->ncon; i++ )
    {
        const struct xabi_abi_constant *c = &abi->con[i];

        if ( strcmp(c->kind, "trc") == 0 && c->value == (int64_t)value &&
             (!skip || strcmp(c->name, skip) != 0) )
            return c->name;
    }
    return NULL;
}

struct event_names
{
    const char *cls, *sub, *name, *layout;
    bool via_flag; /* named without TRC_64_FLAG */
    struct xabi_trc_name trc; /* runstate or scheduler event (abi/) */
    bool has_trc;
};

static void event_names(const struct xabi_event *e, const struct xabi_abi *abi,
                        struct event_names *n)
{
    memset(n, 0, sizeof(*n));
    /* xen/include/public/trace.h: classes end in 0xf000, subclasses not. */
    n->cls = trc_name(abi, (e->id & 0x0fff0000) | 0xf000, NULL);
    n->sub = trc_name(abi, e->id & 0x0ffff000, NULL);
    n->has_trc = xabi_trc_name(e->id, &n->trc) == 0;
    n->name = n->has_trc ? n->trc.name : trc_name(abi, e->id, NULL);
    if ( !n->name && e->flag64 )
    {
        n->name = trc_name(abi, e->id & ~XABI_TRC_64_FLAG, NULL);
        n->via_flag = n->name != NULL;
    }
    n->layout = xabi_event_layout(n->name, e->flag64);
}

static void event_text(const struct xabi_event *e, const struct event_names *n,
                       const char *version)
{
    printf("event 0x%08x (Xen %s)\n", e->raw, version);
    if ( e->raw != e->id )
        printf("  record header: event 0x%07x, %u extra words, %s\n", e->id,
               e->nextra, e->cycles ? "TSC follows" : "no TSC");
    printf("  class 0x%03x (%s), subclass %u (%s), number 0x%03x\n", e->cls,
           n->cls ? n->cls : "unnamed", e->subclass,
           n->sub ? n->sub : "unnamed", e->number);
    printf("  name: %s%s\n", n->name ? n->name : "unknown in this version",
           n->via_flag ? " | TRC_64_FLAG" : "");
    if ( n->has_trc && n->trc.runstate )
        printf("  runstate: d?v? %s->%s (the id: bits 8-9 the old state, "
               "4-5 the new; w0: the domain and vCPU)\n",
               n->trc.old_state, n->trc.new_state);
    else if ( n->has_trc )
        printf("  scheduler: %s (TRC_SCHED_CLASS_EVT(%u, %u))%s\n",
               n->trc.scheduler ? n->trc.scheduler : "unknown",
               n->trc.sched_id, n->trc.sched_event,
               n->trc.name ? "" : ", an event xabi has no name for");
    printf("  64-bit flag: %s\n",
           e->flag64 ? "set (64-bit guest addresses)" : "clear");
    printf("  layout: %s\n", n->layout ? n->layout : "unknown to xabi");
}

static void event_json(const struct xabi_event *e, const struct event_names *n,
                       const struct xabi_abi *abi, const char *version)
{
    bool f = true;

    printf("{");
    json_u64(&f, "raw", e->raw);
    xabi_cli_json_key(stdout, &f, "xen_version");
    xabi_cli_json_string(stdout, version);
    xabi_cli_json_key(stdout, &f, "catalogue_version");
    xabi_cli_json_string(stdout, abi->version);
    json_u64(&f, "event", e->id);
    json_u64(&f, "extra_words", e->nextra);
    json_bool(&f, "cycles", e->cycles);
    json_u64(&f, "class", e->cls);
    xabi_cli_json_key(stdout, &f, "class_name");
    xabi_cli_json_string(stdout, n->cls);
    json_u64(&f, "subclass", e->subclass);
    xabi_cli_json_key(stdout, &f, "subclass_name");
    xabi_cli_json_string(stdout, n->sub);
    json_u64(&f, "number", e->number);
    xabi_cli_json_key(stdout, &f, "name");
    xabi_cli_json_string(stdout, n->name);
    json_bool(&f, "flag64", e->flag64);
    xabi_cli_json_key(stdout, &f, "runstate_old");
    xabi_cli_json_string(stdout, n->trc.runstate ? n->trc.old_state : NULL);
    xabi_cli_json_key(stdout, &f, "runstate_new");
    xabi_cli_json_string(stdout, n->trc.runstate ? n->trc.new_state : NULL);
    xabi_cli_json_key(stdout, &f, "scheduler");
    xabi_cli_json_string(stdout, n->trc.scheduler);
    xabi_cli_json_key(stdout, &f, "layout");
    xabi_cli_json_string(stdout, n->layout);
    printf("}\n");
}

static int do_event(const struct decode_ctx *dc)
{
    struct event_names n;
    struct xabi_event e;
    uint64_t v;

    if ( xabi_parse_u64(dc->o->args[0], UINT32_MAX, &v) )
        return xabi_cli_error("event '%s': not a 32-bit number",
                              dc->o->args[0]);
    xabi_event_decode((uint32_t)v, &e);
    event_names(&e, dc->abi, &n);
    if ( dc->o->json )
        event_json(&e, &n, dc->abi, dc->o->version);
    else
        event_text(&e, &n, dc->label);
    return XABI_EXIT_OK;
}

/* ---- trap-table entries ------------------------------------------------ */

static const char *const dpl_meaning[4] = {
    "no one may raise it with INT n",
    "the kernel may raise it with INT n",
    "the kernel may raise it with INT n",
    "everyone may raise it with INT n",
};

static void trap_text(const struct xabi_trap_info *t,
                      const struct xabi_abi *abi, const char *version,
                      const struct decode_opts *o)
{
    printf("trap-info vector %u%s%s%s%s (Xen %s)\n", t->vector,
           t->mnemonic ? " " : "", t->mnemonic ? t->mnemonic : "",
           t->vector_name ? ", " : "", t->vector_name ? t->vector_name : "",
           version);
    printf("  flags 0x%02x: DPL %u (%s); events %s on entry\n", t->flags,
           t->dpl, dpl_meaning[t->dpl],
           t->clear_mask ? "masked" : "left as they were");
    if ( t->rsvd )
        printf("  invalid: flag bits 0x%02x are not defined\n", t->rsvd);
    printf("  address 0x%016" PRIx64 "%s\n", t->address,
           t->address ? "" : " (zero: the entry that ends the table)");
    printf("  cs 0x%04x: index %u in the %s, RPL %u\n", t->cs.value,
           t->cs.index, t->cs.ldt ? "LDT" : "GDT", t->cs.rpl);
    print_readings(&t->cs, abi, o, XABI_SEG_CS);
}

static void trap_json(const struct xabi_trap_info *t,
                      const struct xabi_abi *abi, const char *version,
                      const struct decode_opts *o)
{
    bool f = true;

    printf("{");
    json_u64(&f, "vector", t->vector);
    xabi_cli_json_key(stdout, &f, "xen_version");
    xabi_cli_json_string(stdout, version);
    xabi_cli_json_key(stdout, &f, "catalogue_version");
    xabi_cli_json_string(stdout, abi->version);
    xabi_cli_json_key(stdout, &f, "mnemonic");
    xabi_cli_json_string(stdout, t->mnemonic);
    xabi_cli_json_key(stdout, &f, "vector_name");
    xabi_cli_json_string(stdout, t->vector_name);
    json_u64(&f, "flags", t->flags);
    json_u64(&f, "dpl", t->dpl);
    json_bool(&f, "masks_events", t->clear_mask);
    json_u64(&f, "reserved_flags", t->rsvd);
    json_u64(&f, "address", t->address);
    json_bool(&f, "terminator", t->address == 0);
    json_u64(&f, "cs", t->cs.value);
    xabi_cli_json_key(stdout, &f, "cs_names");
    selector_json_names(&t->cs, abi, XABI_SEG_CS);
    selector_json_readings(&t->cs, abi, o, XABI_SEG_CS, &f);
    printf("}\n");
}

static int do_trap_info(const struct decode_ctx *dc)
{
    const struct decode_opts *o = dc->o;
    struct xabi_trap_info t;
    uint64_t vec, flags, cs, addr;

    if ( xabi_parse_u64(o->args[0], 255, &vec) )
        return xabi_cli_error("vector '%s': not a number from 0 to 255",
                              o->args[0]);
    if ( xabi_parse_u64(o->args[1], 255, &flags) )
        return xabi_cli_error("flags '%s': not a number from 0 to 255",
                              o->args[1]);
    if ( xabi_parse_u64(o->args[2], 0xffff, &cs) )
        return xabi_cli_error("cs '%s': not a number from 0 to 0xffff",
                              o->args[2]);
    if ( xabi_parse_u64(o->args[3], UINT64_MAX, &addr) )
        return xabi_cli_error("address '%s': not a 64-bit number",
                              o->args[3]);
    xabi_trap_info_decode((unsigned)vec, (unsigned)flags, (uint16_t)cs, addr,
                          &t);
    if ( o->json )
        trap_json(&t, dc->abi, o->version, o);
    else
        trap_text(&t, dc->abi, dc->label, o);
    return t.rsvd || readings_invalid(o, dc->abi, XABI_SEG_CS, t.cs.value)
               ? EXIT_INVALID
               : XABI_EXIT_OK;
}

/* ---- exception error codes --------------------------------------------- */

static int do_error_code(const struct decode_ctx *dc)
{
    const struct decode_opts *o = dc->o;
    struct xabi_selector_error e;
    uint64_t vec, ec;
    const char *mn;
    char what[160];
    bool f = true;

    if ( xabi_parse_u64(o->args[0], 255, &vec) )
        return xabi_cli_error("vector '%s': not a number from 0 to 255",
                              o->args[0]);
    if ( xabi_parse_u64(o->args[1], UINT32_MAX, &ec) )
        return xabi_cli_error("error code '%s': not a 32-bit number",
                              o->args[1]);
    mn = xabi_vector_mnemonic((unsigned)vec);
    xabi_selector_error_decode((uint32_t)ec, &e);
    xabi_error_code_describe((unsigned)vec, (uint32_t)ec, what, sizeof(what));
    if ( !o->json )
    {
        printf("%s ec 0x%" PRIx64 "%s%s\n", mn ? mn : "vector", ec,
               what[0] ? " = " : "",
               what[0] ? what
                       : xabi_vector_selector_error((unsigned)vec)
                             ? ": bits above 15 set, not a selector error code"
                             : ": not a selector error code (only #TS, #NP, "
                               "#SS and #GP push one)");
        return XABI_EXIT_OK;
    }
    printf("{");
    json_u64(&f, "vector", vec);
    xabi_cli_json_key(stdout, &f, "mnemonic");
    xabi_cli_json_string(stdout, mn);
    json_u64(&f, "error_code", ec);
    json_bool(&f, "selector_error",
              xabi_vector_selector_error((unsigned)vec) && !e.high);
    json_bool(&f, "ext", e.ext);
    json_bool(&f, "idt", e.idt);
    xabi_cli_json_key(stdout, &f, "table");
    xabi_cli_json_string(stdout, e.idt ? "IDT" : e.ldt ? "LDT" : "GDT");
    json_u64(&f, "index", e.index);
    xabi_cli_json_key(stdout, &f, "meaning");
    xabi_cli_json_string(stdout, what);
    printf("}\n");
    return XABI_EXIT_OK;
}

/* ---- the command ------------------------------------------------------- */

static const struct
{
    const char *name;
    int min_args, max_args;
    bool catalogue;
    int (*fn)(const struct decode_ctx *dc);
} subs[] = {
    { "selector", 1, 1, true, do_selector },
    { "descriptor", 1, 2, false, do_descriptor },
    { "event", 1, 1, true, do_event },
    { "trap-info", 4, 4, true, do_trap_info },
    { "error-code", 2, 2, false, do_error_code },
};

static const struct
{
    const char *name;
    enum xabi_seg seg;
} segs[] = {
    { "cs", XABI_SEG_CS }, { "ss", XABI_SEG_SS }, { "ds", XABI_SEG_DS },
    { "es", XABI_SEG_DS }, { "fs", XABI_SEG_DS }, { "gs", XABI_SEG_DS },
};

static int parse_seg(const char *s, enum xabi_seg *out)
{
    size_t i;

    for ( i = 0; i < sizeof(segs) / sizeof(segs[0]); i++ )
    {
        if ( strcmp(segs[i].name, s) == 0 )
        {
            *out = segs[i].seg;
            return 0;
        }
    }
    return -1;
}

static int parse_opts(int argc, char **argv, struct decode_opts *o)
{
    int i;

    for ( i = 2; i < argc; i++ )
    {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;

        if ( strcmp(a, "--json") == 0 )
            o->json = true;
        else if ( strcmp(a, "--long") == 0 )
            o->force_long = true;
        else if ( strcmp(a, "--legacy") == 0 )
            o->force_legacy = true;
        else if ( strcmp(a, "--db") == 0 && has_val )
            o->db = argv[++i];
        else if ( strcmp(a, "--xen-version") == 0 && has_val )
            o->version = argv[++i];
        else if ( strcmp(a, "--guest-type") == 0 && has_val )
        {
            if ( (o->guest = xabi_hc_guest_parse(argv[++i])) < 0 )
                return xabi_cli_usage_error(&xabi_cmd_decode,
                                            "--guest-type: '%s' is not PV32, "
                                            "PV64, HVM32 or HVM64", argv[i]);
        }
        else if ( strcmp(a, "--seg") == 0 && has_val )
        {
            if ( parse_seg(argv[++i], &o->seg) )
                return xabi_cli_usage_error(&xabi_cmd_decode,
                                            "--seg: '%s' is not cs, ss, ds, "
                                            "es, fs or gs", argv[i]);
        }
        else if ( a[0] == '-' )
            return xabi_cli_bad_option(&xabi_cmd_decode, a);
        else if ( o->nargs < MAX_ARGS )
            o->args[o->nargs++] = a;
        else
            return xabi_cli_usage_error(&xabi_cmd_decode,
                                        "too many arguments");
    }
    if ( o->force_long && o->force_legacy )
        return xabi_cli_usage_error(&xabi_cmd_decode,
                                    "--long and --legacy exclude each other");
    return XABI_EXIT_OK;
}

static int run_sub(size_t k, struct decode_opts *o)
{
    struct decode_ctx dc = { o, NULL, "" };
    struct xabi_store *st = NULL;
    struct xabi_abi *abi = NULL;
    int rc;

    if ( subs[k].catalogue )
    {
        rc = xabi_cli_open_catalogue(o->db, &st);
        if ( rc == XABI_EXIT_OK )
            rc = xabi_cli_load_version(st, o->version, &abi);
        if ( rc != XABI_EXIT_OK )
        {
            xabi_store_close(st);
            return rc;
        }
        dc.abi = abi;
        snprintf(dc.label, sizeof(dc.label), "%s%s%s", o->version,
                 strcmp(abi->version, o->version) ? ", catalogue " : "",
                 strcmp(abi->version, o->version) ? abi->version : "");
    }
    rc = subs[k].fn(&dc);
    xabi_abi_free(abi);
    xabi_store_close(st);
    return rc;
}

static int run(int argc, char **argv)
{
    struct decode_opts o = { NULL, XABI_DEFAULT_XEN_VERSION, false, false,
                             false, XABI_SEG_ANY, -1, { NULL }, 0 };
    size_t k;
    int rc;

    if ( argc < 2 )
        return xabi_cli_usage_error(&xabi_cmd_decode,
                                    "what to decode: selector, descriptor, "
                                    "event, trap-info or error-code");
    for ( k = 0; k < sizeof(subs) / sizeof(subs[0]); k++ )
    {
        if ( strcmp(subs[k].name, argv[1]) == 0 )
            break;
    }
    if ( k == sizeof(subs) / sizeof(subs[0]) )
        return xabi_cli_usage_error(&xabi_cmd_decode,
                                    "cannot decode '%s': selector, "
                                    "descriptor, event, trap-info or error-code",
                                    argv[1]);
    rc = parse_opts(argc, argv, &o);
    if ( rc != XABI_EXIT_OK )
        return rc;
    if ( o.nargs < subs[k].min_args || o.nargs > subs[k].max_args )
        return xabi_cli_usage_error(&xabi_cmd_decode,
                                    "%s takes %d to %d values, not %d",
                                    subs[k].name, subs[k].min_args,
                                    subs[k].max_args, o.nargs);
    return run_sub(k, &o);
}

const struct xabi_cli_cmd xabi_cmd_decode = {
    "decode",
    "take apart a selector, descriptor, trace event, trap-table entry or "
    "error code",
    "usage: xabi decode selector VALUE [--seg cs|ss|ds|es|fs|gs]\n"
    "                              [--guest-type T] [--xen-version V]\n"
    "                              [--json]\n"
    "       xabi decode descriptor LOW [HIGH] [--long|--legacy]\n"
    "                              [--seg cs|ss|ds|es|fs|gs]\n"
    "                              [--guest-type T] [--json]\n"
    "       xabi decode event ID [--xen-version V] [--json]\n"
    "       xabi decode trap-info VECTOR FLAGS CS ADDRESS\n"
    "                              [--guest-type T] [--xen-version V]\n"
    "                              [--json]\n"
    "       xabi decode error-code VECTOR VALUE [--json]\n"
    "\n"
    "Takes apart an x86 segment selector, a segment or system descriptor,\n"
    "a xentrace event id (or a whole record header word), or a PV\n"
    "trap-table entry (struct trap_info), and names what the public\n"
    "headers of Xen V call it (default " XABI_DEFAULT_XEN_VERSION ").\n"
    "\n"
    "  selector      index, table and RPL; where the index falls in Xen's\n"
    "                reserved GDT area; for each guest type, the FLAT_*\n"
    "                names its header gives the value (PV32: xen-x86_32.h,\n"
    "                PV64: xen-x86_64.h; none apply to HVM32 and HVM64,\n"
    "                whose GDT is their own), and once whether the\n"
    "                headers' \"GDT index N\" comments give the real index,\n"
    "                Xen 2.0's (256 + entry), or neither.  --seg names the\n"
    "                register it is for: each guest type's reading says\n"
    "                whether it fits (a code selector in SS, data in CS\n"
    "                or a null SS do not), then the verdict.\n"
    "  descriptor    base, limit scaled by G, type, S DPL P AVL L D/B G,\n"
    "                a summary; system descriptors (LDT, TSS, gates) too.\n"
    "                HIGH is the upper quadword of a 16-byte long-mode\n"
    "                descriptor and implies --long, as do --guest-type\n"
    "                PV64 and HVM64.  --seg names the register it is for,\n"
    "                so unusable fits are flagged.\n"
    "  event         class, subclass, number, name, TRC_64_FLAG, layout;\n"
    "                a runstate change's old and new state, a scheduler's\n"
    "                own event by the scheduler's name for it.\n"
    "  trap-info     vector; flags (bits 0-1 DPL, bit 2 masks events);\n"
    "                the CS selector, read as a CS for each guest type;\n"
    "                the handler address.\n"
    "  error-code    the error code of a #TS, #NP, #SS or #GP: the IDT\n"
    "                vector, or GDT or LDT selector, it names, and EXT;\n"
    "                e.g. `error-code 13 0x202` is INT $0x40 refused.\n"
    "\n"
    "Numbers may be decimal, 0x hex or 0 octal.\n"
    "\n"
    "options:\n"
    "  --guest-type T   PV32, PV64, HVM32 or HVM64 (PVH guests are HVM):\n"
    "                   read the value as that guest type only (default:\n"
    "                   show every guest type's reading)\n"
    "  --xen-version V  the catalogue version to name things by\n"
    "  --db PATH        read the catalogue from PATH (default: $XABI_DB,\n"
    "                   else ./xabi.db if it exists, else the built-in\n"
    "                   catalogue)\n"
    "  --json           one JSON object on stdout\n"
    "\n"
    "exit: 0 decoded (and valid); 1 bad value or unknown version; 2 wrong\n"
    "arguments; 3 invalid: a selector no guest type shown can hold in the\n"
    "--seg register (with --guest-type: that type cannot), a trap-info\n"
    "entry whose CS no guest type shown can use or with undefined flag\n"
    "bits, or an unusable descriptor.\n",
    run,
};
