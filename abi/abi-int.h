/*
 * Internals of abi/: the #define table of one header and its evaluator.
 * Only the files of abi/ include this.
 */
#ifndef XABI_ABI_INT_H
#define XABI_ABI_INT_H

#include "abi/abi.h"

/* One object-like #define, as written (comments removed). */
struct xabi_define
{
    char *name;
    char *value;
    char *comment; /* the comment on the same line, or NULL */
    bool active;   /* not under an #if that is false for the interface */
    bool first;    /* the first active definition of this name */
    enum xabi_audience audience; /* whose: the #ifdef __XEN__ around it */
};

/* The defines of one header, in file order. */
struct xabi_defines
{
    struct xabi_define *d;
    size_t n, cap;
};

/* The first active definition of name; NULL if none. */
const struct xabi_define *xabi_defines_find(const struct xabi_defines *defs,
                                            const char *name, size_t len);

/*
 * Evaluate a #define value: integer literals, other defines of the same
 * header, parentheses, casts, unary and binary C operators.  Returns 0 and
 * sets *out, or -1 if the text is not a constant expression it can
 * evaluate (unknown names, division by zero, too deep, too long).
 */
int xabi_eval(const struct xabi_defines *defs, const char *text,
              int64_t *out);

/* Make room for one more element in an array of n of size sz. */
int xabi_abi_grow(void **arr, size_t *cap, size_t n, size_t sz);

/* Add the facts of one parsed header to abi: collect.c.  0 or -1 (ENOMEM). */
int xabi_abi_collect(struct xabi_abi *abi, const char *header,
                     const struct xabi_defines *defs);

/*
 * The layout half of xabi_abi_diff_scoped: diff-layout.c.  Adds what it
 * compared to *scope; returns 0, or what fn returned to stop.
 */
int xabi_abi_diff_layouts(const struct xabi_abi *a, const struct xabi_abi *b,
                          xabi_change_fn fn, void *ctx,
                          struct xabi_diff_scope *scope);

#endif
