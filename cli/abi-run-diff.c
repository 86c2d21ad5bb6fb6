/*
 * abi-run-diff.c: `xabi abi diff --run A --run B`, what the guests of two
 * runs did differently.
 *
 * The store gives each run's usage per domain (store/abi.c:
 * xabi_store_run_usage) and what it recorded of each domain's identity
 * (xabi_store_run_domains: the name of a live run, the guest type of a
 * snapshot).  Guests are paired across the runs by name, else by domain
 * id, else as the one guest left on each side, and the pairing is said.
 * Each pair is compared by abi/usage.c; what differs is listed largest
 * first (by the difference of the absolute counts), every line naming the
 * thing (hypercall, sub-op, exit, vector, selector) and giving both counts
 * and shares.  Equal counts never show: their shares are equal.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/abi.h"
#include "cli/catalogue.h"
#include "cli/cli.h"
#include "cli/table.h"
#include "store/store.h"

#define EXIT_RUN_DIFF 4 /* as abidiff: changes */
#define MAX_GUESTS    64

/* One guest of a run: its domain and what the run recorded of it. */
struct guest
{
    int64_t domid;
    char name[64];      /* "" if not recorded */
    char type[8];       /* PV64, PVH, ...; or as the facts suggest */
    int partner;        /* index in the other side, -1 if none */
    const char *paired_by;
};

/* One side of a run comparison. */
struct run_side
{
    struct xabi_run_desc desc;
    struct xabi_usage_set usage; /* every domain */
    struct xabi_abi *abi; /* the catalogue of its Xen version, or NULL */
    struct guest g[MAX_GUESTS];
    size_t ng;
};

/* One difference, kept to be ranked. */
struct item
{
    struct xabi_usage_change c;
    double size;
};

struct items
{
    struct item *v;
    size_t n, cap;
    bool oom;
};

/* Kinds whose key is a hypercall number, and kinds keyed by vector. */
static bool keyed_by(const char *kind, const char *const *list, size_t n)
{
    size_t i;

    for ( i = 0; i < n; i++ )
    {
        if ( strcmp(kind, list[i]) == 0 )
            return true;
    }
    return false;
}

/* "sched_op/SCHEDOP_block" for a hypercall_subop key, into buf. */
static const char *subop_name(int64_t key, const struct xabi_abi *abi,
                              char *buf, size_t len)
{
    const char *hc = NULL, *sub = NULL;
    size_t i;

    for ( i = 0; abi && i < abi->nhc && !hc; i++ )
    {
        if ( abi->hc[i].nr == key >> 32 && !abi->hc[i].alias_of[0] )
            hc = abi->hc[i].name;
    }
    for ( i = 0; hc && i < abi->nsub && !sub; i++ )
    {
        if ( abi->sub[i].nr == (key & 0xffffffff) &&
             strcmp(abi->sub[i].hypercall, hc) == 0 )
            sub = abi->sub[i].name;
    }
    if ( !hc )
        return NULL;
    if ( sub )
        snprintf(buf, len, "%s/%s", hc, sub);
    else
        snprintf(buf, len, "%s/%lld", hc, (long long)(key & 0xffffffff));
    return buf;
}

/* The start-of-day keys of store/abi.c: xabi_store_run_usage. */
static const char *state_name(const struct xabi_usage *u, char *buf,
                              size_t len)
{
    static const char *const sreg[] = { "cs", "ss", "ds", "es",
                                        "fs", "gs", "tr", "ldtr" };
    static const char *const cb[] = { "event", "failsafe", "syscall",
                                      "syscall32", "sysenter", "nmi" };
    /* store/abi.c: the classes of collector/hcpage.c, in order */
    static const char *const stub_class[] = { "hypercall", "iret", "filler",
                                              "empty", "unexpected" };
    uint64_t k = (uint64_t)u->key;

    if ( strcmp(u->kind, "start_segment") == 0 )
        snprintf(buf, len, "%s=0x%04x", sreg[(k >> 16) & 7],
                 (unsigned)(k & 0xffff));
    else if ( strcmp(u->kind, "trap_table") == 0 )
        /* Bit 2 of the flags (TI_GET_IF) masks events on entry, as an
         * interrupt gate clears IF. */
        snprintf(buf, len, "vector %u: DPL %u, %s, cs 0x%04x",
                 (unsigned)(k >> 24), (unsigned)((k >> 16) & 3),
                 (k >> 18) & 1 ? "events masked on entry"
                               : "events left enabled",
                 (unsigned)(k & 0xffff));
    else if ( strcmp(u->kind, "callback") == 0 && ((k >> 16) & 0xff) < 6 )
        snprintf(buf, len, "%s, cs 0x%04x", cb[(k >> 16) & 0xff],
                 (unsigned)(k & 0xffff));
    else if ( strcmp(u->kind, "hcpage_stub") == 0 && (k & 0xff) < 5 )
        snprintf(buf, len, "stub %u (%s): %s", (unsigned)(k >> 8),
                 u->name[0] ? u->name : "?", stub_class[k & 0xff]);
    else
        return NULL;
    return buf;
}

static const char *key_name(const struct xabi_usage *u,
                            const struct xabi_abi *abi)
{
    static const char *const by_hypercall[] = { "hypercall", "subcall",
                                                "hvm_vmmcall",
                                                "hypercall_bad_args" };
    static const char *const by_vector[] = { "trap", "hvm_inj_exc",
                                             "hvm_trap" };
    static char buf[160]; /* printed before the next call */
    size_t i;

    if ( keyed_by(u->kind, by_vector, 3) && u->key >= 0 && u->key < 256 )
        return xabi_vector_mnemonic((unsigned)u->key);
    if ( strcmp(u->kind, "hypercall_subop") == 0 )
        return subop_name(u->key, abi, buf, sizeof(buf));
    if ( strcmp(u->kind, "hvm_exit") == 0 ||
         strcmp(u->kind, "start_info") == 0 )
        return u->name[0] ? u->name : NULL;
    if ( !strncmp(u->kind, "dom_shutdown", 12) && u->key >= 0 &&
         u->key <= UINT32_MAX )
        return xabi_shutdown_reason_name((uint32_t)u->key);
    if ( state_name(u, buf, sizeof(buf)) )
        return buf;
    if ( strcmp(u->kind, "page_fault") == 0 )
    {
        snprintf(buf, sizeof(buf), "error code 0x%" PRIx64, u->key);
        return buf;
    }
    if ( strcmp(u->kind, "hvm_cr_write") == 0 )
    {
        snprintf(buf, sizeof(buf), "CR%" PRId64, u->key);
        return buf;
    }
    if ( !abi || !keyed_by(u->kind, by_hypercall, 4) )
        return NULL;
    for ( i = 0; i < abi->nhc; i++ )
    {
        if ( abi->hc[i].nr == u->key && !abi->hc[i].alias_of[0] )
            return abi->hc[i].name;
    }
    return NULL;
}

/* The path and label are the user's: escaped for the terminal. */
static void side_text(const char *which, const struct run_side *s)
{
    char path[XABI_CLI_TERM_MAX], label[XABI_CLI_TERM_MAX];

    printf("%s: run %" PRId64 ", Xen %s, %s %s%s%s%s%s\n", which, s->desc.id,
           s->desc.xen_version, s->desc.source_kind,
           xabi_cli_term(s->desc.source_path, path, sizeof(path)),
           s->desc.label[0] ? " (" : "",
           xabi_cli_term(s->desc.label, label, sizeof(label)),
           s->desc.label[0] ? ")" : "",
           s->abi ? "" : " [version not in the catalogue: numbers only]");
}

static void side_json(const struct run_side *s)
{
    bool f = true;

    printf("{");
    xabi_cli_json_key(stdout, &f, "run");
    printf("%" PRId64, s->desc.id);
    xabi_cli_json_key(stdout, &f, "xen_version");
    xabi_cli_json_string(stdout, s->desc.xen_version);
    xabi_cli_json_key(stdout, &f, "source_kind");
    xabi_cli_json_string(stdout, s->desc.source_kind);
    xabi_cli_json_key(stdout, &f, "source_path");
    xabi_cli_json_string(stdout, s->desc.source_path);
    xabi_cli_json_key(stdout, &f, "label");
    xabi_cli_json_string(stdout, s->desc.label[0] ? s->desc.label : NULL);
    printf("}");
}


/* ---- guests and their pairing -------------------------------------------- */

static struct guest *guest_of(struct run_side *s, int64_t domid)
{
    size_t i;

    for ( i = 0; i < s->ng; i++ )
    {
        if ( s->g[i].domid == domid )
            return &s->g[i];
    }
    if ( s->ng == MAX_GUESTS )
        return NULL;
    memset(&s->g[s->ng], 0, sizeof(s->g[0]));
    s->g[s->ng].domid = domid;
    s->g[s->ng].partner = -1;
    return &s->g[s->ng++];
}

/* The guests of a side: those the run recorded, then those of its facts. */
static int load_guests(struct xabi_store *st, struct run_side *s)
{
    struct xabi_run_domain d[MAX_GUESTS];
    size_t i, n;

    if ( xabi_store_run_domains(st, s->desc.id, d, MAX_GUESTS, &n) )
        return xabi_cli_error("%s", xabi_store_errmsg(st));
    for ( i = 0; i < n; i++ )
    {
        struct guest *g = guest_of(s, d[i].domid);

        if ( g )
        {
            snprintf(g->name, sizeof(g->name), "%s", d[i].name);
            snprintf(g->type, sizeof(g->type), "%s", d[i].guest_type);
        }
    }
    for ( i = 0; i < s->usage.n; i++ )
    {
        const struct xabi_usage *u = &s->usage.v[i];
        struct guest *g = guest_of(s, u->domid);

        /* Without a snapshot, the facts say HVM or PV; never which. */
        if ( g && !g->type[0] && strncmp(u->kind, "hvm_", 4) == 0 )
            snprintf(g->type, sizeof(g->type), "HVM");
    }
    for ( i = 0; i < s->usage.n; i++ )
    {
        const struct xabi_usage *u = &s->usage.v[i];
        struct guest *g = guest_of(s, u->domid);

        if ( g && !g->type[0] && strcmp(u->kind, "hypercall") == 0 )
            snprintf(g->type, sizeof(g->type), "PV");
    }
    return XABI_EXIT_OK;
}

static void pair(struct run_side *a, size_t i, struct run_side *b, size_t j,
                 const char *by)
{
    a->g[i].partner = (int)j;
    b->g[j].partner = (int)i;
    a->g[i].paired_by = b->g[j].paired_by = by;
}

/* By name, then by domain id, then the one guest left on each side. */
static void pair_guests(struct run_side *a, struct run_side *b)
{
    size_t i, j, la = 0, lb = 0, ia = 0, jb = 0;

    for ( i = 0; i < a->ng; i++ )
        for ( j = 0; a->g[i].name[0] && a->g[i].partner < 0 && j < b->ng;
              j++ )
        {
            if ( b->g[j].partner < 0 && !strcmp(a->g[i].name, b->g[j].name) )
                pair(a, i, b, j, "by name");
        }
    for ( i = 0; i < a->ng; i++ )
        for ( j = 0; a->g[i].partner < 0 && j < b->ng; j++ )
        {
            if ( b->g[j].partner < 0 && a->g[i].domid == b->g[j].domid &&
                 (!a->g[i].name[0] || !b->g[j].name[0]) )
                pair(a, i, b, j, "by domain id (no name recorded)");
        }
    for ( i = 0; i < a->ng; i++ )
        if ( a->g[i].partner < 0 )
            la++, ia = i;
    for ( j = 0; j < b->ng; j++ )
        if ( b->g[j].partner < 0 )
            lb++, jb = j;
    if ( la == 1 && lb == 1 )
        pair(a, ia, b, jb, "as the one guest left in each run");
}

/* "d1 'web' (PVH)", escaped for the terminal. */
static const char *guest_label(const struct guest *g, char *buf, size_t len)
{
    char name[4 * 64 + 1]; /* every byte of a 64-byte name as \xNN */

    if ( g->domid < 0 )
    {
        snprintf(buf, len, "records of no known domain (%s)",
                 g->type[0] ? g->type : "type unknown");
        return buf;
    }
    snprintf(buf, len, "d%" PRId64 "%s%s%s (%s)", g->domid,
             g->name[0] ? " '" : "",
             g->name[0] ? xabi_cli_term(g->name, name, sizeof(name)) : "",
             g->name[0] ? "'" : "", g->type[0] ? g->type : "type unknown");
    return buf;
}

/* The usage of one domain, copied out of the run's. */
static int domain_usage(const struct run_side *s, int64_t domid,
                        struct xabi_usage_set *out)
{
    size_t i;

    for ( i = 0; i < s->usage.n; i++ )
    {
        if ( s->usage.v[i].domid == domid &&
             xabi_usage_add(out, &s->usage.v[i]) )
            return -1;
    }
    return 0;
}

/* ---- ranking and printing ------------------------------------------------ */

static int on_change(void *ctx, const struct xabi_usage_change *c)
{
    struct items *it = ctx;
    uint64_t a, b;

    /* Equal counts are no difference, whatever the shares say. */
    if ( c->kind == XABI_USAGE_FACTOR && c->a->count == c->b->count )
        return 0;
    if ( it->n == it->cap )
    {
        size_t ncap = it->cap ? it->cap * 2 : 64;
        struct item *v = realloc(it->v, ncap * sizeof(*v));

        if ( !v )
        {
            it->oom = true;
            return -1;
        }
        it->v = v;
        it->cap = ncap;
    }
    a = c->a ? (c->kind == XABI_USAGE_ERRCODE ? c->a->with_error_code
                                              : c->a->count)
             : 0;
    b = c->b ? (c->kind == XABI_USAGE_ERRCODE ? c->b->with_error_code
                                              : c->b->count)
             : 0;
    it->v[it->n].c = *c;
    it->v[it->n].size = a > b ? (double)(a - b) : (double)(b - a);
    it->n++;
    return 0;
}

static int by_size(const void *pa, const void *pb)
{
    const struct item *a = pa, *b = pb;

    return a->size < b->size ? 1 : a->size > b->size ? -1 : 0;
}

/*
 * Keys that are numbers a reader knows (a hypercall, a vector) print
 * before their name; packed keys, error codes and the kinds whose key is
 * always 0 (schema/002-kinds.sql) print by name only.
 */
static bool key_is_number(const char *kind)
{
    static const char *const not_numbers[] = {
        "start_segment", "trap_table", "callback", "hcpage_stub", "start_info",
        "hypercall_subop", "page_fault", "hvm_cr_write", "emul_privop",
        "emulate_4gb", "forced_invalid_op", "math_state_restore",
        "paging_fixup", "gdt_ldt_mapping_fault", "ptwr_emulation",
        "hvm_lmsw", "hvm_realmode_emulate",
    };

    return !keyed_by(kind, not_numbers,
                     sizeof(not_numbers) / sizeof(not_numbers[0]));
}

static void count_text(const struct xabi_usage *u, double share,
                       const char *side)
{
    if ( u )
        printf("%" PRIu64 " in %s (%.2f%%)", u->count, side, 100 * share);
    else
        printf("none in %s", side);
}

static void item_text(const struct item *it, const struct xabi_abi *abi)
{
    const struct xabi_usage_change *c = &it->c;
    const struct xabi_usage *u = c->a ? c->a : c->b;
    const char *name = key_name(u, abi);

    printf("  %-15s %-10s ", u->kind, xabi_usage_change_name(c->kind));
    if ( key_is_number(u->kind) )
        printf(strcmp(u->kind, "hvm_exit") ? "%" PRId64 "%s"
                                           : "0x%" PRIx64 "%s",
               u->key, name ? " " : "");
    printf("%s%s", name ? name : "", name || key_is_number(u->kind) ? ": " : "");
    if ( c->kind == XABI_USAGE_ERRCODE )
    {
        printf("with an error code %" PRIu64 " of %" PRIu64 " times in A, "
               "%" PRIu64 " of %" PRIu64 " in B\n",
               c->a->with_error_code, c->a->count, c->b->with_error_code,
               c->b->count);
        return;
    }
    count_text(c->a, c->share_a, "A");
    printf(", ");
    count_text(c->b, c->share_b, "B");
    if ( c->kind == XABI_USAGE_FACTOR )
        printf(": share x%.1f", c->factor);
    printf("\n");
}

static void item_json(const struct item *it, const struct xabi_abi *abi,
                      bool first)
{
    const struct xabi_usage_change *c = &it->c;
    const struct xabi_usage *u = c->a ? c->a : c->b;
    bool f = true;

    printf("%s\n      {", first ? "" : ",");
    xabi_cli_json_key(stdout, &f, "change");
    xabi_cli_json_string(stdout, xabi_usage_change_name(c->kind));
    xabi_cli_json_key(stdout, &f, "kind");
    xabi_cli_json_string(stdout, u->kind);
    xabi_cli_json_key(stdout, &f, "key");
    printf("%" PRId64, u->key);
    xabi_cli_json_key(stdout, &f, "name");
    xabi_cli_json_string(stdout, key_name(u, abi));
    xabi_cli_json_key(stdout, &f, "count_a");
    printf("%" PRIu64, c->a ? c->a->count : 0);
    xabi_cli_json_key(stdout, &f, "count_b");
    printf("%" PRIu64, c->b ? c->b->count : 0);
    xabi_cli_json_key(stdout, &f, "with_error_code_a");
    printf("%" PRIu64, c->a ? c->a->with_error_code : 0);
    xabi_cli_json_key(stdout, &f, "with_error_code_b");
    printf("%" PRIu64, c->b ? c->b->with_error_code : 0);
    xabi_cli_json_key(stdout, &f, "share_a");
    printf("%.6f", c->share_a);
    xabi_cli_json_key(stdout, &f, "share_b");
    printf("%.6f", c->share_b);
    xabi_cli_json_key(stdout, &f, "size");
    printf("%.0f}", it->size);
}

static void guest_json(const struct guest *g)
{
    bool f = true;

    printf("{");
    xabi_cli_json_key(stdout, &f, "domid");
    printf("%" PRId64, g->domid);
    xabi_cli_json_key(stdout, &f, "name");
    xabi_cli_json_string(stdout, g->name[0] ? g->name : NULL);
    xabi_cli_json_key(stdout, &f, "guest_type");
    xabi_cli_json_string(stdout, g->type[0] ? g->type : NULL);
    printf("}");
}

/* Compare guest i of A with its partner; returns the differences found. */
static int diff_pair(struct run_side *a, size_t i, struct run_side *b,
                     double factor, bool json, bool first, unsigned *count)
{
    const struct guest *ga = &a->g[i], *gb = &b->g[a->g[i].partner];
    struct xabi_usage_set ua = { NULL, 0, 0 }, ub = { NULL, 0, 0 };
    struct items it = { NULL, 0, 0, false };
    char la[320], lb[320];
    size_t k;
    int rc = XABI_EXIT_OK;

    if ( domain_usage(a, ga->domid, &ua) || domain_usage(b, gb->domid, &ub) ||
         xabi_usage_diff(&ua, &ub, factor, on_change, &it) || it.oom )
    {
        rc = xabi_cli_error("out of memory comparing the runs");
        goto out;
    }
    if ( it.n )
        qsort(it.v, it.n, sizeof(*it.v), by_size);
    if ( json )
    {
        printf("%s\n    {\"a\": ", first ? "" : ",");
        guest_json(ga);
        printf(", \"b\": ");
        guest_json(gb);
        printf(", \"paired_by\": ");
        xabi_cli_json_string(stdout, ga->paired_by);
        printf(", \"differences\": [");
        for ( k = 0; k < it.n; k++ )
            item_json(&it.v[k], it.v[k].c.a ? a->abi : b->abi, k == 0);
        printf("%s]}", it.n ? "\n    " : "");
    }
    else
    {
        printf("\n%s in A, %s in B, paired %s: %zu difference%s\n",
               guest_label(ga, la, sizeof(la)),
               guest_label(gb, lb, sizeof(lb)), ga->paired_by, it.n,
               it.n == 1 ? "" : "s");
        for ( k = 0; k < it.n; k++ )
            item_text(&it.v[k], it.v[k].c.a ? a->abi : b->abi);
    }
    *count += (unsigned)it.n;
out:
    free(it.v);
    xabi_usage_clear(&ua);
    xabi_usage_clear(&ub);
    return rc;
}

/* The guests of one side that found no partner. */
static void unpaired(const struct run_side *s, const char *which, bool json)
{
    char l[320];
    bool any = false;
    size_t i;

    if ( json )
        printf(", \"unpaired_%s\": [", which);
    for ( i = 0; i < s->ng; i++ )
    {
        if ( s->g[i].partner >= 0 )
            continue;
        if ( json )
        {
            printf("%s", any ? ", " : "");
            guest_json(&s->g[i]);
        }
        else
            printf("\n%s in %s: no guest of the other run to pair it with\n",
                   guest_label(&s->g[i], l, sizeof(l)),
                   strcmp(which, "a") ? "B" : "A");
        any = true;
    }
    if ( json )
        printf("]");
}

static int load_side(struct xabi_store *st, const char *arg,
                     struct run_side *s)
{
    uint64_t id;

    if ( xabi_parse_u64(arg, INT64_MAX, &id) || id == 0 )
        return xabi_cli_error("--run '%s': not a run id", arg);
    if ( xabi_store_run_describe(st, (int64_t)id, &s->desc) ||
         xabi_store_run_usage(st, (int64_t)id, &s->usage) )
        return xabi_cli_error("%s", xabi_store_errmsg(st));
    s->abi = xabi_abi_new();
    if ( s->abi && xabi_store_abi_load(st, s->desc.xen_version, s->abi) )
    {
        xabi_abi_free(s->abi); /* names as numbers, said in the header */
        s->abi = NULL;
    }
    return load_guests(st, s);
}

static int diff_sides(struct run_side *a, struct run_side *b, double factor,
                      bool json)
{
    unsigned count = 0;
    bool first = true;
    size_t i;
    int rc = XABI_EXIT_OK;

    pair_guests(a, b);
    if ( json )
    {
        printf("{\"a\": ");
        side_json(a);
        printf(", \"b\": ");
        side_json(b);
        printf(", \"factor\": %g, \"kernels\": \"not recorded per domain\", "
               "\"pairs\": [", factor);
    }
    else
    {
        side_text("A", a);
        side_text("B", b);
    }
    for ( i = 0; i < a->ng && rc == XABI_EXIT_OK; i++ )
    {
        if ( a->g[i].partner < 0 )
            continue;
        rc = diff_pair(a, i, b, factor, json, first, &count);
        first = false;
    }
    if ( rc != XABI_EXIT_OK )
        return rc;
    if ( json )
        printf("%s]", first ? "" : "\n  ");
    unpaired(a, "a", json);
    unpaired(b, "b", json);
    if ( json )
        printf(", \"count\": %u}\n", count);
    else
        printf("\n%u differences (shares differing by x%g or more; guests "
               "are paired by name or domain id: kernels are not recorded "
               "per domain)\n",
               count, factor);
    return count ? EXIT_RUN_DIFF : XABI_EXIT_OK;
}

int xabi_cli_abi_run_diff(const char *db, const char *run_a,
                          const char *run_b, double factor, bool json)
{
    struct run_side *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
    struct xabi_store *st = NULL;
    int rc = a && b ? XABI_EXIT_OK
                    : xabi_cli_error("out of memory comparing the runs");

    if ( rc == XABI_EXIT_OK )
        rc = xabi_cli_open_catalogue(db, &st);
    if ( rc == XABI_EXIT_OK )
        rc = load_side(st, run_a, a);
    if ( rc == XABI_EXIT_OK )
        rc = load_side(st, run_b, b);
    if ( rc == XABI_EXIT_OK )
        rc = diff_sides(a, b, factor, json);
    if ( a )
    {
        xabi_usage_clear(&a->usage);
        xabi_abi_free(a->abi);
    }
    if ( b )
    {
        xabi_usage_clear(&b->usage);
        xabi_abi_free(b->abi);
    }
    free(a);
    free(b);
    xabi_store_close(st);
    return rc;
}
