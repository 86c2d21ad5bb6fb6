/*
 * diff.c: what changed in the ABI from one Xen version to another.
 *
 * Every fact becomes an item keyed by (what, group, name) with a value, a
 * comment and a flags string; the items of A and B are matched by key.  A
 * name that vanished while another appeared with the same value in the
 * same group is a rename (hypercall 39: xc_reserved_op became argo_op in
 * 4.12), not a removal and an addition.
 *
 * The kinds are compared in a fixed order so the output is stable; the
 * layouts come last (diff-layout.c).
 */
#include "abi/abi-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item
{
    const char *what, *group, *name, *text;
    char flags[XABI_ABI_NAME + 40];
    int64_t value;
    enum xabi_audience audience;
    bool matched; /* A: found in B by key; B: found in A, or paired */
};

struct items
{
    struct item *v;
    size_t n;
};

/* The order in which kinds are reported. */
static const char *const order[] = {
    "hypercall", "elfnote", "callbacktype", "vmasst", "flat_selector",
    "gdt", "trc", "interface", "xenfeat", "hvm_param", "cpuid", "subop",
};

/* The markers of a hypercall as one comparable string. */
static void hypercall_flags(const struct xabi_abi_hypercall *h, char *buf,
                            size_t len)
{
    snprintf(buf, len, "%s%s%s%s%s%s%s%s", h->x86_only ? "x86-only" : "",
             h->x86_only && (h->deprecated || h->dropped || h->alias_of[0])
                 ? ", " : "",
             h->deprecated ? "deprecated" : "",
             h->deprecated && (h->dropped || h->alias_of[0]) ? ", " : "",
             h->dropped ? "dropped" : "",
             h->dropped && h->alias_of[0] ? ", " : "",
             h->alias_of[0] ? "alias of " : "", h->alias_of);
}

static int build(const struct xabi_abi *abi, struct items *it)
{
    size_t i, n = 0;

    it->v = calloc(abi->nhc + abi->ncon + abi->nsub + 1, sizeof(*it->v));
    if ( !it->v )
        return -1;
    for ( i = 0; i < abi->nhc; i++, n++ )
    {
        const struct xabi_abi_hypercall *h = &abi->hc[i];

        it->v[n] = (struct item){ "hypercall", "", h->name, h->comment,
                                  "", h->nr, XABI_AUDIENCE_GUEST, false };
        hypercall_flags(h, it->v[n].flags, sizeof(it->v[n].flags));
    }
    /* Xen's own definitions (#ifdef __XEN__) are no guest's: left out. */
    for ( i = 0; i < abi->ncon; i++ )
    {
        if ( abi->con[i].audience == XABI_AUDIENCE_XEN )
            continue;
        it->v[n++] = (struct item){ abi->con[i].kind, abi->con[i].header,
                                    abi->con[i].name, abi->con[i].comment,
                                    "", abi->con[i].value,
                                    abi->con[i].audience, false };
    }
    for ( i = 0; i < abi->nsub; i++ )
    {
        if ( abi->sub[i].audience == XABI_AUDIENCE_XEN )
            continue;
        it->v[n++] = (struct item){ "subop", abi->sub[i].hypercall,
                                    abi->sub[i].name, "", "",
                                    abi->sub[i].nr, abi->sub[i].audience,
                                    false };
    }
    it->n = n;
    return 0;
}

static struct item *find(struct items *it, const struct item *key,
                         bool by_value)
{
    size_t i;

    for ( i = 0; i < it->n; i++ )
    {
        struct item *x = &it->v[i];

        if ( strcmp(x->what, key->what) != 0 ||
             strcmp(x->group, key->group) != 0 )
            continue;
        if ( by_value ? (!x->matched && x->value == key->value)
                      : strcmp(x->name, key->name) == 0 )
            return x;
    }
    return NULL;
}

static void fill(struct xabi_change *c, enum xabi_change_kind kind,
                 const struct item *a, const struct item *b)
{
    const struct item *any = b ? b : a;

    memset(c, 0, sizeof(*c));
    c->kind = kind;
    c->audience = any->audience;
    snprintf(c->what, sizeof(c->what), "%s", any->what);
    snprintf(c->group, sizeof(c->group), "%s", any->group);
    snprintf(c->name, sizeof(c->name), "%s", any->name);
    if ( a )
    {
        c->old_value = a->value;
        snprintf(c->old_text, sizeof(c->old_text), "%s",
                 kind == XABI_CHANGE_FLAGS ? a->flags : a->text);
    }
    if ( b )
    {
        c->new_value = b->value;
        snprintf(c->new_text, sizeof(c->new_text), "%s",
                 kind == XABI_CHANGE_FLAGS ? b->flags : b->text);
    }
    if ( kind == XABI_CHANGE_RENAMED && a )
        snprintf(c->old_name, sizeof(c->old_name), "%s", a->name);
}

/* A value that moves on by design: an interface version, a _MAX. */
static bool bumps(const struct item *x)
{
    size_t n = strlen(x->name);

    return strcmp(x->what, "interface") == 0 ||
           (n > 4 && strcmp(x->name + n - 4, "_MAX") == 0) ||
           strstr(x->name, "INTERFACE_VERSION") != NULL;
}

/* Does B still give a's old number another name in a's group? */
static bool number_kept(const struct items *ib, const struct item *a)
{
    size_t i;

    for ( i = 0; i < ib->n; i++ )
    {
        const struct item *x = &ib->v[i];

        if ( x->value == a->value && strcmp(x->name, a->name) != 0 &&
             strcmp(x->what, a->what) == 0 &&
             strcmp(x->group, a->group) == 0 )
            return true;
    }
    return false;
}

/* The changes of one item of A that B also names. */
static int compare(const struct items *ib, struct item *a, struct item *b,
                   xabi_change_fn fn, void *ctx)
{
    struct xabi_change c;
    int rc = 0;

    b->matched = a->matched = true;
    if ( a->value != b->value )
    {
        /*
         * XENPF_settime went from settime32 (17) to settime64 (62) in 4.6:
         * a guest built for 4.5 still asks for 17, which still means
         * settime32.  The name moved, no number did.
         */
        enum xabi_change_kind k = bumps(a)             ? XABI_CHANGE_BUMPED
                                  : number_kept(ib, a) ? XABI_CHANGE_REDIRECTED
                                                       : XABI_CHANGE_RENUMBERED;

        fill(&c, k, a, b);
        rc = fn(ctx, &c);
    }
    if ( rc == 0 && strcmp(a->text, b->text) != 0 )
    {
        fill(&c, XABI_CHANGE_COMMENT, a, b);
        rc = fn(ctx, &c);
    }
    if ( rc == 0 && strcmp(a->flags, b->flags) != 0 )
    {
        fill(&c, XABI_CHANGE_FLAGS, a, b);
        rc = fn(ctx, &c);
    }
    return rc;
}

static int diff_what(struct items *ia, struct items *ib, const char *what,
                     xabi_change_fn fn, void *ctx,
                     struct xabi_diff_scope *scope)
{
    struct xabi_change c;
    size_t i;
    unsigned items = 0;
    int rc = 0;

    for ( i = 0; i < ia->n; i++ )
        items += strcmp(ia->v[i].what, what) == 0;

    /* Match by name first, so renames only pair what is left over. */
    for ( i = 0; i < ia->n && rc == 0; i++ )
    {
        struct item *a = &ia->v[i], *b;

        if ( strcmp(a->what, what) == 0 && (b = find(ib, a, false)) )
            rc = compare(ib, a, b, fn, ctx);
    }
    for ( i = 0; i < ia->n && rc == 0; i++ )
    {
        struct item *a = &ia->v[i], *b;

        if ( strcmp(a->what, what) != 0 || a->matched )
            continue;
        b = find(ib, a, true);
        if ( b && find(ia, b, false) == NULL )
        {
            b->matched = true;
            fill(&c, XABI_CHANGE_RENAMED, a, b);
        }
        else
            fill(&c, XABI_CHANGE_REMOVED, a, NULL);
        rc = fn(ctx, &c);
    }
    for ( i = 0; i < ib->n && rc == 0; i++ )
    {
        if ( strcmp(ib->v[i].what, what) != 0 || ib->v[i].matched )
            continue;
        /* Renamed items were paired with one of A's: counted there. */
        items++;
        fill(&c, XABI_CHANGE_ADDED, NULL, &ib->v[i]);
        rc = fn(ctx, &c);
    }
    scope->items += items;
    scope->categories += items > 0;
    return rc;
}

int xabi_abi_diff_scoped(const struct xabi_abi *a, const struct xabi_abi *b,
                         xabi_change_fn fn, void *ctx,
                         struct xabi_diff_scope *scope)
{
    struct items ia = { NULL, 0 }, ib = { NULL, 0 };
    struct xabi_diff_scope local;
    size_t k;
    int rc = 0;

    if ( !scope )
        scope = &local;
    memset(scope, 0, sizeof(*scope));
    if ( build(a, &ia) || build(b, &ib) )
        rc = -1;
    for ( k = 0; k < sizeof(order) / sizeof(order[0]) && rc == 0; k++ )
        rc = diff_what(&ia, &ib, order[k], fn, ctx, scope);
    free(ia.v);
    free(ib.v);
    if ( rc == 0 )
        rc = xabi_abi_diff_layouts(a, b, fn, ctx, scope);
    return rc;
}

int xabi_abi_diff(const struct xabi_abi *a, const struct xabi_abi *b,
                  xabi_change_fn fn, void *ctx)
{
    return xabi_abi_diff_scoped(a, b, fn, ctx, NULL);
}

static const char *const kind_names[] = {
    [XABI_CHANGE_ADDED] = "added",
    [XABI_CHANGE_REMOVED] = "removed",
    [XABI_CHANGE_RENUMBERED] = "renumbered",
    [XABI_CHANGE_RENAMED] = "renamed",
    [XABI_CHANGE_COMMENT] = "comment",
    [XABI_CHANGE_FLAGS] = "flags",
    [XABI_CHANGE_BUMPED] = "value-bumped",
    [XABI_CHANGE_RESIZED] = "resized",
    [XABI_CHANGE_MOVED] = "moved",
    [XABI_CHANGE_RETYPED] = "retyped",
    [XABI_CHANGE_REDIRECTED] = "redirected",
};

const char *xabi_change_kind_name(enum xabi_change_kind kind)
{
    if ( (size_t)kind >= sizeof(kind_names) / sizeof(kind_names[0]) )
        return "?";
    return kind_names[kind];
}

/* Padding and reserved space: no guest reads what it holds. */
static bool is_padding(const char *member)
{
    static const char *const pad[] = { "pad", "_pad", "rsvd", "reserved",
                                       "__spacer" };
    const char *last = strrchr(member, '.');
    size_t i;

    last = last ? last + 1 : member;
    for ( i = 0; i < sizeof(pad) / sizeof(pad[0]); i++ )
    {
        if ( strncmp(last, pad[i], strlen(pad[i])) == 0 )
            return true;
    }
    return false;
}

bool xabi_change_incompatible(const struct xabi_change *c)
{
    /* Trace ids are read by xentrace and xenalyze, never by a guest. */
    if ( strcmp(c->what, "interface") == 0 || strcmp(c->what, "trc") == 0 ||
         c->audience != XABI_AUDIENCE_GUEST )
        return false;
    if ( strcmp(c->what, "layout") == 0 )
        return c->kind == XABI_CHANGE_REMOVED;
    if ( strcmp(c->what, "member") == 0 )
    {
        /* A struct member's own layout says what changed inside it. */
        if ( c->kind == XABI_CHANGE_RESIZED &&
             (strncmp(c->old_text, "struct ", 7) == 0 ||
              strncmp(c->old_text, "union ", 6) == 0) )
            return false;
        return (c->kind == XABI_CHANGE_MOVED ||
                c->kind == XABI_CHANGE_RESIZED ||
                c->kind == XABI_CHANGE_REMOVED) &&
               !is_padding(c->name);
    }
    return c->kind == XABI_CHANGE_REMOVED ||
           c->kind == XABI_CHANGE_RENUMBERED;
}
