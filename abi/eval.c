/*
 * eval.c: a small recursive-descent evaluator for #define values.
 *
 * Xen's headers build many numbers from others: (TRC_PV_ENTRY + 13),
 * (FIRST_RESERVED_GDT_PAGE * 4096), xen_mk_uint(0x7FF0), casts such as
 * (unsigned long).  This evaluates those, with C's precedence, in 64-bit
 * two's complement.  It is not a C preprocessor: anything it does not
 * know (function-like macros other than the xen_mk_* wrappers, sizeof,
 * strings) makes the whole value unevaluable, and the caller counts it.
 *
 * Bounded: a recursion depth for nested defines and a step budget per
 * value, so hostile input (cycles, exponential fan-out) ends quickly.
 */
#include "abi/abi-int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_MAX_DEPTH 24
#define EVAL_BUDGET    20000
#define EVAL_MAX_NEST  200 /* operators and parentheses nested in one value */

struct eval
{
    const struct xabi_defines *defs;
    const char *p;
    int depth;
    unsigned *budget;
    unsigned *nest;
    bool ok;
};

const struct xabi_define *xabi_defines_find(const struct xabi_defines *defs,
                                            const char *name, size_t len)
{
    size_t i;

    for ( i = 0; i < defs->n; i++ )
    {
        if ( defs->d[i].first && strncmp(defs->d[i].name, name, len) == 0 &&
             defs->d[i].name[len] == '\0' )
            return &defs->d[i];
    }
    return NULL;
}

static int64_t fail(struct eval *e)
{
    e->ok = false;
    return 0;
}

static void skip_ws(struct eval *e)
{
    while ( *e->p == ' ' || *e->p == '\t' || *e->p == '\r' ||
            *e->p == '\n' || *e->p == '\f' || *e->p == '\v' )
        e->p++;
}

static bool is_ident_start(char c)
{
    return isalpha((unsigned char)c) || c == '_';
}

static bool is_ident(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

static int64_t expr(struct eval *e, int min_prec);
static int64_t unary(struct eval *e);

static int64_t number(struct eval *e)
{
    unsigned long long v;
    char *end;

    errno = 0;
    v = strtoull(e->p, &end, 0);
    if ( errno || end == e->p )
        return fail(e);
    e->p = end;
    while ( *e->p == 'u' || *e->p == 'U' || *e->p == 'l' || *e->p == 'L' )
        e->p++;
    if ( is_ident(*e->p) || *e->p == '.' )
        return fail(e); /* 08, 1.5, 0x1g, 1e3 */
    return (int64_t)v;
}

/* The xen_mk_* wrappers only add a suffix: xen/include/public/xen.h. */
static bool is_identity_wrapper(const char *name, size_t len)
{
    static const char *const wrappers[] = {
        "xen_mk_uint", "xen_mk_ulong", "xen_mk_ullong", "xen_mk_long",
    };
    size_t i;

    for ( i = 0; i < sizeof(wrappers) / sizeof(wrappers[0]); i++ )
    {
        if ( strlen(wrappers[i]) == len && memcmp(wrappers[i], name, len) == 0 )
            return true;
    }
    return false;
}

static int64_t identifier(struct eval *e)
{
    const char *name = e->p;
    const struct xabi_define *d;
    struct eval sub;
    size_t len;
    int64_t v;

    while ( is_ident(*e->p) )
        e->p++;
    len = (size_t)(e->p - name);
    skip_ws(e);
    if ( *e->p == '(' )
    {
        if ( !is_identity_wrapper(name, len) )
            return fail(e);
        e->p++;
        v = expr(e, 0);
        skip_ws(e);
        if ( *e->p != ')' )
            return fail(e);
        e->p++;
        return v;
    }
    d = xabi_defines_find(e->defs, name, len);
    if ( !d || e->depth >= EVAL_MAX_DEPTH )
        return fail(e);
    sub = (struct eval){ e->defs, d->value, e->depth + 1, e->budget, e->nest,
                         true };
    v = expr(&sub, 0);
    skip_ws(&sub);
    if ( !sub.ok || *sub.p )
        return fail(e);
    return v;
}

/* Is the parenthesised text at p a type name, as in (unsigned long)? */
static bool is_cast(const char *p, const char **after)
{
    static const char *const words[] = {
        "unsigned", "signed", "long", "int", "short", "char", "const",
    };
    bool any = false;

    for ( ;; )
    {
        const char *w;
        size_t len, i;
        bool known = false;

        while ( *p == ' ' || *p == '\t' )
            p++;
        if ( *p == ')' )
        {
            *after = p + 1;
            return any;
        }
        if ( !is_ident_start(*p) )
            return false;
        for ( w = p; is_ident(*p); p++ )
            ;
        len = (size_t)(p - w);
        for ( i = 0; i < sizeof(words) / sizeof(words[0]); i++ )
            known |= strlen(words[i]) == len && memcmp(words[i], w, len) == 0;
        known |= len > 2 && w[len - 2] == '_' && w[len - 1] == 't';
        if ( !known )
            return false;
        any = true;
    }
}

static int64_t primary(struct eval *e)
{
    const char *after;
    int64_t v;

    skip_ws(e);
    if ( isdigit((unsigned char)*e->p) )
        return number(e);
    if ( is_ident_start(*e->p) )
        return identifier(e);
    if ( *e->p != '(' )
        return fail(e);
    if ( is_cast(e->p + 1, &after) )
    {
        e->p = after;
        return unary(e);
    }
    e->p++;
    v = expr(e, 0);
    skip_ws(e);
    if ( *e->p != ')' )
        return fail(e);
    e->p++;
    return v;
}

static int64_t unary_nested(struct eval *e);

/* Every path into deeper nesting passes here, so the C stack stays small. */
static int64_t unary(struct eval *e)
{
    int64_t v;

    if ( !e->ok || *e->budget == 0 || *e->nest >= EVAL_MAX_NEST )
        return fail(e);
    (*e->budget)--;
    (*e->nest)++;
    v = unary_nested(e);
    (*e->nest)--;
    return v;
}

static int64_t unary_nested(struct eval *e)
{
    char c;

    skip_ws(e);
    c = *e->p;
    if ( c == '-' || c == '+' || c == '~' || c == '!' )
    {
        uint64_t v;

        e->p++;
        v = (uint64_t)unary(e);
        if ( c == '-' )
            return (int64_t)(0 - v);
        if ( c == '~' )
            return (int64_t)~v;
        if ( c == '!' )
            return !v;
        return (int64_t)v;
    }
    return primary(e);
}

enum op
{
    OP_NONE, OP_MUL, OP_DIV, OP_MOD, OP_ADD, OP_SUB, OP_SHL, OP_SHR,
    OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_AND, OP_XOR, OP_OR,
    OP_LAND, OP_LOR,
};

/* Longest spelling first, so "<<" is not read as "<". */
static const struct
{
    const char *text;
    enum op op;
    int prec;
} ops[] = {
    { "<<", OP_SHL, 8 }, { ">>", OP_SHR, 8 }, { "<=", OP_LE, 7 },
    { ">=", OP_GE, 7 },  { "==", OP_EQ, 6 },  { "!=", OP_NE, 6 },
    { "&&", OP_LAND, 2 }, { "||", OP_LOR, 1 }, { "*", OP_MUL, 10 },
    { "/", OP_DIV, 10 }, { "%", OP_MOD, 10 }, { "+", OP_ADD, 9 },
    { "-", OP_SUB, 9 },  { "<", OP_LT, 7 },   { ">", OP_GT, 7 },
    { "&", OP_AND, 5 },  { "^", OP_XOR, 4 },  { "|", OP_OR, 3 },
};

static size_t peek_op(const char *p)
{
    size_t i;

    for ( i = 0; i < sizeof(ops) / sizeof(ops[0]); i++ )
    {
        if ( strncmp(p, ops[i].text, strlen(ops[i].text)) == 0 )
            return i;
    }
    return (size_t)-1;
}

static int64_t apply(struct eval *e, enum op op, int64_t a, int64_t b)
{
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;

    switch ( op )
    {
    case OP_MUL: return (int64_t)(ua * ub);
    case OP_ADD: return (int64_t)(ua + ub);
    case OP_SUB: return (int64_t)(ua - ub);
    case OP_DIV:
    case OP_MOD:
        if ( b == 0 || (a == INT64_MIN && b == -1) )
            return fail(e);
        return op == OP_DIV ? a / b : a % b;
    case OP_SHL: return ub > 63 ? fail(e) : (int64_t)(ua << ub);
    case OP_SHR: return ub > 63 ? fail(e) : (int64_t)(ua >> ub);
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_AND: return (int64_t)(ua & ub);
    case OP_XOR: return (int64_t)(ua ^ ub);
    case OP_OR: return (int64_t)(ua | ub);
    case OP_LAND: return a && b;
    case OP_LOR: return a || b;
    default: return fail(e);
    }
}

/* Precedence climbing over the binary operators. */
static int64_t expr(struct eval *e, int min_prec)
{
    int64_t lhs = unary(e);

    while ( e->ok )
    {
        size_t i;
        int64_t rhs;

        skip_ws(e);
        i = peek_op(e->p);
        if ( i == (size_t)-1 || ops[i].prec < min_prec )
            break;
        e->p += strlen(ops[i].text);
        rhs = expr(e, ops[i].prec + 1);
        if ( !e->ok )
            break;
        lhs = apply(e, ops[i].op, lhs, rhs);
    }
    return lhs;
}

int xabi_eval(const struct xabi_defines *defs, const char *text,
              int64_t *out)
{
    unsigned budget = EVAL_BUDGET, nest = 0;
    struct eval e = { defs, text, 0, &budget, &nest, true };
    int64_t v;

    v = expr(&e, 0);
    skip_ws(&e);
    if ( !e.ok || *e.p )
        return -1;
    *out = v;
    return 0;
}
