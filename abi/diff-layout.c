/*
 * diff-layout.c: how struct and union layouts changed from one Xen version
 * to another, per x86 width.
 *
 * Layouts are matched by (width, tag) and members by name within their
 * layout.  Per layout: added, removed, or resized (sizeof changed); per
 * member: added, removed, moved (offsetof changed), resized, or retyped
 * (the type's name changed but not its place and size, as when a typedef
 * is introduced).  A member that moved is not also reported resized; the
 * members of an anonymous type that became a named one are not reported
 * one by one.
 *
 * Layouts are compared only when both versions have them: a version
 * imported with `xabi abi import` has none, and "none" is not "removed".
 */
#include "abi/abi-int.h"

#include <stdio.h>
#include <string.h>

static const struct xabi_abi_layout *
find_layout(const struct xabi_abi *abi, const struct xabi_abi_layout *key)
{
    size_t i;

    for ( i = 0; i < abi->nlay; i++ )
    {
        if ( strcmp(abi->lay[i].width, key->width) == 0 &&
             strcmp(abi->lay[i].name, key->name) == 0 )
            return &abi->lay[i];
    }
    return NULL;
}

static const struct xabi_abi_member *
find_member(const struct xabi_abi *abi, const struct xabi_abi_layout *l,
            const char *name)
{
    size_t i;

    for ( i = 0; l && i < l->n; i++ )
    {
        if ( strcmp(abi->mem[l->first + i].name, name) == 0 )
            return &abi->mem[l->first + i];
    }
    return NULL;
}

static int layout_change(enum xabi_change_kind kind,
                         const struct xabi_abi_layout *a,
                         const struct xabi_abi_layout *b, xabi_change_fn fn,
                         void *ctx)
{
    const struct xabi_abi_layout *any = b ? b : a;
    struct xabi_change c;

    memset(&c, 0, sizeof(c));
    c.kind = kind;
    snprintf(c.what, sizeof(c.what), "layout");
    snprintf(c.group, sizeof(c.group), "%s", any->width);
    snprintf(c.name, sizeof(c.name), "%s", any->name);
    c.old_value = a ? a->size : 0;
    c.new_value = b ? b->size : 0;
    snprintf(c.old_text, sizeof(c.old_text), "%s", a ? a->header : "");
    snprintf(c.new_text, sizeof(c.new_text), "%s", b ? b->header : "");
    return fn(ctx, &c);
}

static int member_change(enum xabi_change_kind kind,
                         const struct xabi_abi_layout *l,
                         const struct xabi_abi_member *a,
                         const struct xabi_abi_member *b, xabi_change_fn fn,
                         void *ctx)
{
    const struct xabi_abi_member *any = b ? b : a;
    struct xabi_change c;

    memset(&c, 0, sizeof(c));
    c.kind = kind;
    snprintf(c.what, sizeof(c.what), "member");
    snprintf(c.group, sizeof(c.group), "%s", l->width);
    snprintf(c.layout, sizeof(c.layout), "%s", l->name);
    snprintf(c.name, sizeof(c.name), "%s", any->name);
    if ( a )
    {
        c.old_value = a->offset;
        c.old_size = a->size;
        snprintf(c.old_text, sizeof(c.old_text), "%s", a->type);
    }
    if ( b )
    {
        c.new_value = b->offset;
        c.new_size = b->size;
        snprintf(c.new_text, sizeof(c.new_text), "%s", b->type);
    }
    return fn(ctx, &c);
}

/*
 * Is name ("source.u.ref") inside a member B still has ("source")?  Then
 * that member's type became a named one, which is not expanded: the
 * change is reported on it (retyped), not on each member it held.
 */
static bool inside_kept(const struct xabi_abi *b,
                        const struct xabi_abi_layout *lb, const char *name)
{
    char prefix[XABI_ABI_NAME];
    char *dot;

    snprintf(prefix, sizeof(prefix), "%s", name);
    while ( (dot = strrchr(prefix, '.')) != NULL )
    {
        *dot = '\0';
        if ( find_member(b, lb, prefix) )
            return true;
    }
    return false;
}

/* The member changes of one layout both versions have. */
static int diff_members(const struct xabi_abi *a,
                        const struct xabi_abi_layout *la,
                        const struct xabi_abi *b,
                        const struct xabi_abi_layout *lb, xabi_change_fn fn,
                        void *ctx, unsigned *items)
{
    size_t i;
    int rc = 0;

    for ( i = 0; i < la->n && rc == 0; i++ )
    {
        const struct xabi_abi_member *ma = &a->mem[la->first + i];
        const struct xabi_abi_member *mb = find_member(b, lb, ma->name);

        (*items)++;
        if ( !mb && inside_kept(b, lb, ma->name) )
            continue;
        if ( !mb )
            rc = member_change(XABI_CHANGE_REMOVED, la, ma, NULL, fn, ctx);
        else if ( ma->offset != mb->offset )
            rc = member_change(XABI_CHANGE_MOVED, la, ma, mb, fn, ctx);
        else if ( ma->size != mb->size || ma->bit_size != mb->bit_size ||
                  ma->bit_offset != mb->bit_offset )
            rc = member_change(XABI_CHANGE_RESIZED, la, ma, mb, fn, ctx);
        else if ( strcmp(ma->type, mb->type) != 0 )
            rc = member_change(XABI_CHANGE_RETYPED, la, ma, mb, fn, ctx);
    }
    for ( i = 0; i < lb->n && rc == 0; i++ )
    {
        const struct xabi_abi_member *mb = &b->mem[lb->first + i];

        if ( find_member(a, la, mb->name) || inside_kept(a, la, mb->name) )
            continue;
        (*items)++;
        rc = member_change(XABI_CHANGE_ADDED, lb, NULL, mb, fn, ctx);
    }
    return rc;
}

int xabi_abi_diff_layouts(const struct xabi_abi *a, const struct xabi_abi *b,
                          xabi_change_fn fn, void *ctx,
                          struct xabi_diff_scope *scope)
{
    unsigned layouts = 0, members = 0;
    size_t i;
    int rc = 0;

    if ( a->nlay == 0 || b->nlay == 0 )
        return 0;
    scope->layouts = true;
    for ( i = 0; i < a->nlay && rc == 0; i++ )
    {
        const struct xabi_abi_layout *la = &a->lay[i];
        const struct xabi_abi_layout *lb = find_layout(b, la);

        layouts++;
        if ( !lb )
        {
            members += (unsigned)la->n;
            rc = layout_change(XABI_CHANGE_REMOVED, la, NULL, fn, ctx);
            continue;
        }
        if ( la->size != lb->size )
            rc = layout_change(XABI_CHANGE_RESIZED, la, lb, fn, ctx);
        if ( rc == 0 )
            rc = diff_members(a, la, b, lb, fn, ctx, &members);
    }
    for ( i = 0; i < b->nlay && rc == 0; i++ )
    {
        if ( find_layout(a, &b->lay[i]) )
            continue;
        layouts++;
        members += (unsigned)b->lay[i].n;
        rc = layout_change(XABI_CHANGE_ADDED, NULL, &b->lay[i], fn, ctx);
    }
    scope->items += layouts + members;
    scope->categories += (layouts > 0) + (members > 0);
    return rc;
}
