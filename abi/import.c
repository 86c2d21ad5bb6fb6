/*
 * import.c: cut one of Xen's public headers into its #defines.
 *
 * Each header is cut into logical lines (backslash continuations joined,
 * comments removed but the comment on a line kept), its object-like
 * #defines are kept in file order, and then collect.c picks the ones the
 * catalogue keeps and evaluates them against the same header's defines.
 *
 * Robustness: the input may be any bytes.  Lines are capped, comments may
 * be unterminated, NUL bytes end nothing; nothing is indexed without a
 * bound.  Memory exhaustion is the only failure.
 */
#include "abi/abi-int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_LEN 4096

int xabi_abi_grow(void **arr, size_t *cap, size_t n, size_t sz)
{
    size_t ncap;
    void *p;

    if ( n < *cap )
        return 0;
    ncap = *cap ? *cap * 2 : 64;
    p = realloc(*arr, ncap * sz);
    if ( !p )
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

/* ---- cutting a header into logical lines ------------------------------ */

struct lexer
{
    const char *p, *end;
    char line[LINE_MAX_LEN];
    size_t nline;
    char comment[XABI_ABI_COMMENT];
    size_t ncomment;
    bool have_comment; /* the first comment of this line is captured */
};

static void put_line(struct lexer *lx, char c)
{
    if ( lx->nline < sizeof(lx->line) - 1 )
        lx->line[lx->nline++] = c;
}

/* Comment text: whitespace runs and the leading '*' of lines collapse. */
static void put_comment(struct lexer *lx, char c)
{
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';

    if ( lx->have_comment )
        return;
    if ( c == '*' && (lx->ncomment == 0 || lx->comment[lx->ncomment - 1] == ' ')
         && lx->p + 1 < lx->end && lx->p[1] != '/' )
        return;
    if ( space && (lx->ncomment == 0 || lx->comment[lx->ncomment - 1] == ' ') )
        return;
    /* Comments reach JSON and terminals: keep them printable ASCII. */
    if ( ((unsigned char)c < 0x20 && !space) || (unsigned char)c >= 0x7f )
        c = '?';
    if ( lx->ncomment < sizeof(lx->comment) - 1 )
        lx->comment[lx->ncomment++] = space ? ' ' : c;
}

static void end_comment(struct lexer *lx)
{
    while ( lx->ncomment && lx->comment[lx->ncomment - 1] == ' ' )
        lx->ncomment--;
    lx->comment[lx->ncomment] = '\0';
    if ( lx->ncomment )
        lx->have_comment = true;
}

/* Skip a block comment starting after its opening, capturing its text. */
static void block_comment(struct lexer *lx)
{
    while ( lx->p < lx->end )
    {
        if ( lx->p + 1 < lx->end && lx->p[0] == '*' && lx->p[1] == '/' )
        {
            lx->p += 2;
            break;
        }
        put_comment(lx, *lx->p);
        lx->p++;
    }
    end_comment(lx);
    put_line(lx, ' ');
}

static void line_comment(struct lexer *lx)
{
    while ( lx->p < lx->end && *lx->p != '\n' )
        put_comment(lx, *lx->p++);
    end_comment(lx);
}

/* The next logical line into lx->line; false at the end of input. */
static bool next_line(struct lexer *lx)
{
    char quote = 0;

    if ( lx->p >= lx->end )
        return false;
    lx->nline = lx->ncomment = 0;
    lx->have_comment = false;
    while ( lx->p < lx->end )
    {
        char c = *lx->p;

        if ( c == '\\' && lx->p + 1 < lx->end && lx->p[1] == '\n' )
            lx->p += 2;
        else if ( c == '\n' )
        {
            lx->p++;
            break;
        }
        else if ( !quote && c == '/' && lx->p + 1 < lx->end &&
                  (lx->p[1] == '*' || lx->p[1] == '/') )
        {
            lx->p += 2;
            if ( lx->p[-1] == '*' )
                block_comment(lx);
            else
                line_comment(lx);
        }
        else
        {
            if ( c == '"' || c == '\'' )
                quote = quote == c ? 0 : (quote ? quote : c);
            put_line(lx, c ? c : ' ');
            lx->p++;
        }
    }
    lx->line[lx->nline] = '\0';
    lx->comment[lx->ncomment] = '\0';
    return true;
}

/* ---- collecting the defines ------------------------------------------ */

static char *dup_range(const char *s, size_t len)
{
    char *d = malloc(len + 1);

    if ( d )
    {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

/* Record an object-like "#define NAME VALUE" from a logical line. */
static int add_define(struct xabi_defines *defs, const struct lexer *lx,
                      bool active, enum xabi_audience audience)
{
    const char *p = lx->line, *name, *value, *end;
    struct xabi_define *d;
    size_t nlen;

    while ( *p == ' ' || *p == '\t' )
        p++;
    if ( *p++ != '#' )
        return 0;
    while ( *p == ' ' || *p == '\t' )
        p++;
    if ( strncmp(p, "define", 6) != 0 || (p[6] != ' ' && p[6] != '\t') )
        return 0;
    for ( p += 6; *p == ' ' || *p == '\t'; p++ )
        ;
    name = p;
    while ( isalnum((unsigned char)*p) || *p == '_' )
        p++;
    nlen = (size_t)(p - name);
    if ( nlen == 0 || isdigit((unsigned char)name[0]) || *p == '(' )
        return 0; /* not a name, or a function-like macro */
    for ( value = p; *value == ' ' || *value == '\t'; value++ )
        ;
    for ( end = value + strlen(value);
          end > value && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r');
          end-- )
        ;
    if ( xabi_abi_grow((void **)&defs->d, &defs->cap, defs->n, sizeof(*defs->d)) )
        return -1;
    d = &defs->d[defs->n];
    d->name = dup_range(name, nlen);
    d->value = dup_range(value, (size_t)(end - value));
    d->comment = lx->ncomment ? dup_range(lx->comment, lx->ncomment) : NULL;
    if ( !d->name || !d->value || (lx->ncomment && !d->comment) )
    {
        free(d->name);
        free(d->value);
        free(d->comment);
        return -1;
    }
    d->active = active;
    d->audience = audience;
    d->first = active && xabi_defines_find(defs, d->name, nlen) == NULL;
    defs->n++;
    return 0;
}

static void free_defines(struct xabi_defines *defs)
{
    size_t i;

    for ( i = 0; i < defs->n; i++ )
    {
        free(defs->d[i].name);
        free(defs->d[i].value);
        free(defs->d[i].comment);
    }
    free(defs->d);
}

/*
 * Conditionals: only "#if" on __XEN_INTERFACE_VERSION__ is decided, with
 * the interface the headers declare as latest (the one a current guest
 * builds against); every other condition may be true, so both of its
 * branches are read and the first definition of a name wins.
 */
enum cond
{
    COND_TRUE,
    COND_FALSE,
    COND_UNKNOWN,
};

#define COND_MAX_DEPTH 64

struct conds
{
    enum cond c[COND_MAX_DEPTH];
    /* Whose each level's branches are: [0] the #if's, [1] the #else's. */
    enum xabi_audience aud[COND_MAX_DEPTH][2];
    bool in_else[COND_MAX_DEPTH];
    enum xabi_audience base; /* of the whole header */
    unsigned depth;    /* may exceed COND_MAX_DEPTH: those are unknown */
    unsigned inactive; /* entries that are COND_FALSE */
    bool have_iface;
    int64_t iface;
};

static enum cond decide(const struct conds *cs, const char *expr)
{
    char value[32];
    struct xabi_define d = { "__XEN_INTERFACE_VERSION__", value, NULL, true,
                             true, XABI_AUDIENCE_GUEST };
    struct xabi_defines defs = { &d, 1, 1 };
    int64_t v;

    if ( !cs->have_iface || !strstr(expr, "__XEN_INTERFACE_VERSION__") )
        return COND_UNKNOWN;
    snprintf(value, sizeof(value), "%lld", (long long)cs->iface);
    if ( xabi_eval(&defs, expr, &v) )
        return COND_UNKNOWN;
    return v ? COND_TRUE : COND_FALSE;
}

/*
 * Whose the two branches of a conditional on __XEN__ and __XEN_TOOLS__
 * are; both the guest's when it tests neither.
 */
static void audience_of(const char *dir, const char *expr,
                        enum xabi_audience aud[2])
{
    bool xen = strstr(expr, "__XEN__") != NULL;
    bool tools = strstr(expr, "__XEN_TOOLS__") != NULL;
    bool negated = strncmp(dir, "ifndef", 6) == 0 ||
                   strstr(expr, "!defined(__XEN") ||
                   strstr(expr, "! defined(__XEN");
    enum xabi_audience only = tools ? XABI_AUDIENCE_TOOLS : XABI_AUDIENCE_XEN;

    aud[0] = aud[1] = XABI_AUDIENCE_GUEST;
    if ( !xen && !tools )
        return;
    aud[negated ? 1 : 0] = only;
}

/* Whose a definition here is: the narrowest of the open branches. */
static enum xabi_audience audience_now(const struct conds *cs)
{
    enum xabi_audience a = cs->base;
    unsigned i;

    for ( i = 0; i < cs->depth && i < COND_MAX_DEPTH; i++ )
    {
        enum xabi_audience b = cs->aud[i][cs->in_else[i]];

        a = b > a ? b : a;
    }
    return a;
}

static void push(struct conds *cs, enum cond c, const char *dir,
                 const char *expr)
{
    if ( cs->depth < COND_MAX_DEPTH )
    {
        cs->c[cs->depth] = c;
        cs->inactive += c == COND_FALSE;
        audience_of(dir, expr, cs->aud[cs->depth]);
        cs->in_else[cs->depth] = false;
    }
    cs->depth++;
}

/* Flip the innermost conditional for #else (#elif: unknown or false). */
static void flip(struct conds *cs, bool elif)
{
    enum cond *top;

    if ( cs->depth == 0 || cs->depth > COND_MAX_DEPTH )
        return;
    top = &cs->c[cs->depth - 1];
    cs->in_else[cs->depth - 1] = true;
    cs->inactive -= *top == COND_FALSE;
    if ( *top == COND_TRUE )
        *top = COND_FALSE;
    else if ( *top == COND_FALSE )
        *top = elif ? COND_UNKNOWN : COND_TRUE;
    cs->inactive += *top == COND_FALSE;
}

static void pop(struct conds *cs)
{
    if ( cs->depth == 0 )
        return;
    cs->depth--;
    if ( cs->depth < COND_MAX_DEPTH )
        cs->inactive -= cs->c[cs->depth] == COND_FALSE;
}

/* Follow a conditional directive; true if the line was one. */
static bool conditional(struct conds *cs, const char *line)
{
    const char *p = line;

    while ( *p == ' ' || *p == '\t' )
        p++;
    if ( *p++ != '#' )
        return false;
    while ( *p == ' ' || *p == '\t' )
        p++;
    if ( strncmp(p, "ifdef", 5) == 0 || strncmp(p, "ifndef", 6) == 0 )
        push(cs, COND_UNKNOWN, p, p + 5);
    else if ( strncmp(p, "if", 2) == 0 && !isalnum((unsigned char)p[2]) )
        push(cs, decide(cs, p + 2), p, p + 2);
    else if ( strncmp(p, "elif", 4) == 0 )
        flip(cs, true);
    else if ( strncmp(p, "else", 4) == 0 )
        flip(cs, false);
    else if ( strncmp(p, "endif", 5) == 0 )
        pop(cs);
    else
        return false;
    return true;
}

int xabi_abi_parse_file(struct xabi_abi *abi, const char *header,
                        const char *buf, size_t len)
{
    struct xabi_defines defs = { NULL, 0, 0 };
    struct conds cs = { .have_iface = abi->have_interface,
                        .iface = abi->interface_version };
    struct lexer *lx;
    int rc = 0;

    /* domctl.h and sysctl.h #error unless built for Xen or its tools. */
    if ( strcmp(header, "domctl.h") == 0 || strcmp(header, "sysctl.h") == 0 )
        cs.base = XABI_AUDIENCE_TOOLS;

    lx = malloc(sizeof(*lx));
    if ( !lx )
        return -1;
    lx->p = buf;
    lx->end = buf + len;
    while ( rc == 0 && next_line(lx) )
    {
        if ( !conditional(&cs, lx->line) )
            rc = add_define(&defs, lx, cs.inactive == 0, audience_now(&cs));
    }
    free(lx);
    if ( rc == 0 )
        rc = xabi_abi_collect(abi, header, &defs);
    free_defines(&defs);
    abi->files++;
    if ( rc )
        snprintf(abi->errmsg, sizeof(abi->errmsg), "out of memory");
    return rc;
}
