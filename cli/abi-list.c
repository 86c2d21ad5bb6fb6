/*
 * abi-list.c: `xabi abi list V [--kind K]`, one version of the catalogue.
 *
 * Prints what the catalogue holds for version V: hypercalls, constants by
 * kind, sub-ops, and struct layouts per width with their members, as text
 * or JSON.  Text from the catalogue may come from imported headers, so it
 * is printed with control and non-ASCII bytes escaped (JSON escapes its
 * own).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "abi/abi.h"
#include "cli/catalogue.h"
#include "store/store.h"

/* s for a terminal: printable ASCII as is, anything else as \xNN. */
static void term(const char *s)
{
    for ( ; s && *s; s++ )
    {
        unsigned char c = (unsigned char)*s;

        if ( c >= 0x20 && c < 0x7f && c != '\\' )
            putchar(c);
        else
            printf("\\x%02x", c);
    }
}

/* The marker of what is not for every guest. */
static void audience_text(enum xabi_audience a)
{
    if ( a == XABI_AUDIENCE_TOOLS )
        printf(" [tools only]");
    else if ( a == XABI_AUDIENCE_XEN )
        printf(" [Xen-internal]");
}

/* Does kind (hypercall, subop, layout, constant, or a constant's kind)
 * select the category what; a constant's kind when constant is true? */
static bool selected(const char *kind, const char *what, bool constant)
{
    if ( !kind )
        return true;
    if ( constant && strcmp(kind, "constant") == 0 )
        return true;
    return strcmp(kind, what) == 0;
}

static unsigned list_text(const struct xabi_abi *abi, const char *kind)
{
    unsigned n = 0;
    size_t i, j;

    for ( i = 0; i < abi->nhc; i++ )
    {
        const struct xabi_abi_hypercall *h = &abi->hc[i];

        if ( !selected(kind, "hypercall", false) )
            break;
        printf("hypercall  %3" PRId64 " ", h->nr);
        term(h->name);
        if ( h->alias_of[0] )
        {
            printf(" (alias of ");
            term(h->alias_of);
            printf(")");
        }
        printf("%s%s%s", h->x86_only ? " [x86 only]" : "",
               h->deprecated ? " [deprecated]" : "",
               h->dropped ? " [dropped]" : "");
        if ( h->comment[0] )
        {
            printf(": ");
            term(h->comment);
        }
        printf("\n");
        n++;
    }
    for ( i = 0; i < abi->ncon; i++ )
    {
        const struct xabi_abi_constant *c = &abi->con[i];

        if ( !selected(kind, c->kind, true) )
            continue;
        printf("%-10s [", c->kind);
        term(c->header);
        printf("] ");
        term(c->name);
        printf(" = 0x%" PRIx64 " (%" PRId64 ")", (uint64_t)c->value, c->value);
        audience_text(c->audience);
        printf("\n");
        n++;
    }
    for ( i = 0; i < abi->nsub && selected(kind, "subop", false); i++ )
    {
        printf("subop      [");
        term(abi->sub[i].hypercall);
        printf("] ");
        term(abi->sub[i].name);
        printf(" = %" PRId64, abi->sub[i].nr);
        audience_text(abi->sub[i].audience);
        printf("\n");
        n++;
    }
    for ( i = 0; i < abi->nlay && selected(kind, "layout", false); i++ )
    {
        const struct xabi_abi_layout *l = &abi->lay[i];

        printf("layout     [%s] %s ", l->width, l->kind);
        term(l->name);
        printf(": %" PRId64 " bytes (", l->size);
        term(l->header);
        printf(")\n");
        for ( j = 0; j < l->n; j++ )
        {
            const struct xabi_abi_member *m = &abi->mem[l->first + j];

            printf("    +%-5" PRId64 " %5" PRId64 "  ", m->offset, m->size);
            term(m->name);
            printf(": ");
            term(m->type);
            if ( m->bit_size >= 0 )
                printf(" (bits %" PRId64 "..%" PRId64 ")", m->bit_offset,
                       m->bit_offset + m->bit_size - 1);
            printf("\n");
        }
        n++;
    }
    return n;
}

static void json_layout(const struct xabi_abi *abi,
                        const struct xabi_abi_layout *l)
{
    size_t j;
    bool f = true;

    printf("{");
    xabi_cli_json_key(stdout, &f, "width");
    xabi_cli_json_string(stdout, l->width);
    xabi_cli_json_key(stdout, &f, "name");
    xabi_cli_json_string(stdout, l->name);
    xabi_cli_json_key(stdout, &f, "kind");
    xabi_cli_json_string(stdout, l->kind);
    xabi_cli_json_key(stdout, &f, "size");
    printf("%" PRId64, l->size);
    xabi_cli_json_key(stdout, &f, "header");
    xabi_cli_json_string(stdout, l->header);
    xabi_cli_json_key(stdout, &f, "members");
    printf("[");
    for ( j = 0; j < l->n; j++ )
    {
        const struct xabi_abi_member *m = &abi->mem[l->first + j];
        bool g = true;

        printf("%s{", j ? ", " : "");
        xabi_cli_json_key(stdout, &g, "name");
        xabi_cli_json_string(stdout, m->name);
        xabi_cli_json_key(stdout, &g, "offset");
        printf("%" PRId64, m->offset);
        xabi_cli_json_key(stdout, &g, "size");
        printf("%" PRId64, m->size);
        xabi_cli_json_key(stdout, &g, "type");
        xabi_cli_json_string(stdout, m->type);
        if ( m->bit_size >= 0 )
        {
            xabi_cli_json_key(stdout, &g, "bit_offset");
            printf("%" PRId64, m->bit_offset);
            xabi_cli_json_key(stdout, &g, "bit_size");
            printf("%" PRId64, m->bit_size);
        }
        printf("}");
    }
    printf("]}");
}

/* One JSON item per selected fact; returns how many. */
static unsigned list_json(const struct xabi_abi *abi, const char *kind)
{
    unsigned n = 0;
    size_t i;

    for ( i = 0; i < abi->nhc && selected(kind, "hypercall", false); i++ )
    {
        const struct xabi_abi_hypercall *h = &abi->hc[i];
        bool f = true;

        printf("%s\n    {", n++ ? "," : "");
        xabi_cli_json_key(stdout, &f, "kind");
        xabi_cli_json_string(stdout, "hypercall");
        xabi_cli_json_key(stdout, &f, "nr");
        printf("%" PRId64, h->nr);
        xabi_cli_json_key(stdout, &f, "name");
        xabi_cli_json_string(stdout, h->name);
        xabi_cli_json_key(stdout, &f, "alias_of");
        xabi_cli_json_string(stdout, h->alias_of[0] ? h->alias_of : NULL);
        xabi_cli_json_key(stdout, &f, "x86_only");
        printf("%s", h->x86_only ? "true" : "false");
        xabi_cli_json_key(stdout, &f, "deprecated");
        printf("%s", h->deprecated ? "true" : "false");
        xabi_cli_json_key(stdout, &f, "dropped");
        printf("%s", h->dropped ? "true" : "false");
        xabi_cli_json_key(stdout, &f, "comment");
        xabi_cli_json_string(stdout, h->comment[0] ? h->comment : NULL);
        printf("}");
    }
    for ( i = 0; i < abi->ncon; i++ )
    {
        const struct xabi_abi_constant *c = &abi->con[i];
        bool f = true;

        if ( !selected(kind, c->kind, true) )
            continue;
        printf("%s\n    {", n++ ? "," : "");
        xabi_cli_json_key(stdout, &f, "kind");
        xabi_cli_json_string(stdout, c->kind);
        xabi_cli_json_key(stdout, &f, "header");
        xabi_cli_json_string(stdout, c->header);
        xabi_cli_json_key(stdout, &f, "name");
        xabi_cli_json_string(stdout, c->name);
        xabi_cli_json_key(stdout, &f, "value");
        printf("%" PRId64, c->value);
        xabi_cli_json_key(stdout, &f, "comment");
        xabi_cli_json_string(stdout, c->comment[0] ? c->comment : NULL);
        xabi_cli_json_key(stdout, &f, "audience");
        xabi_cli_json_string(stdout, xabi_audience_name(c->audience));
        printf("}");
    }
    for ( i = 0; i < abi->nsub && selected(kind, "subop", false); i++ )
    {
        bool f = true;

        printf("%s\n    {", n++ ? "," : "");
        xabi_cli_json_key(stdout, &f, "kind");
        xabi_cli_json_string(stdout, "subop");
        xabi_cli_json_key(stdout, &f, "hypercall");
        xabi_cli_json_string(stdout, abi->sub[i].hypercall);
        xabi_cli_json_key(stdout, &f, "name");
        xabi_cli_json_string(stdout, abi->sub[i].name);
        xabi_cli_json_key(stdout, &f, "audience");
        xabi_cli_json_string(stdout, xabi_audience_name(abi->sub[i].audience));
        xabi_cli_json_key(stdout, &f, "nr");
        printf("%" PRId64 "}", abi->sub[i].nr);
    }
    for ( i = 0; i < abi->nlay && selected(kind, "layout", false); i++ )
    {
        printf("%s\n    {\"kind\": \"layout\", \"layout\": ", n++ ? "," : "");
        json_layout(abi, &abi->lay[i]);
        printf("}");
    }
    return n;
}

int xabi_cli_abi_list_version(const char *db, const char *version,
                              const char *kind, bool json)
{
    struct xabi_store *st = NULL;
    struct xabi_abi *abi = NULL;
    unsigned n;
    int rc = xabi_cli_open_catalogue(db, &st);

    if ( rc == XABI_EXIT_OK )
        rc = xabi_cli_load_version(st, version, &abi);
    if ( rc != XABI_EXIT_OK )
    {
        xabi_store_close(st);
        return rc;
    }
    if ( json )
    {
        printf("{\"version\": ");
        xabi_cli_json_string(stdout, abi->version);
        printf(", \"source\": ");
        xabi_cli_json_string(stdout, abi->source);
        printf(", \"kind\": ");
        xabi_cli_json_string(stdout, kind);
        printf(", \"items\": [");
        n = list_json(abi, kind);
        printf("%s], \"count\": %u}\n", n ? "\n  " : "", n);
    }
    else
    {
        printf("Xen ");
        term(abi->version);
        printf(": ");
        term(abi->source);
        printf("\n");
        n = list_text(abi, kind);
        printf("%u items", n);
        if ( kind )
        {
            printf(" of kind ");
            term(kind);
        }
        printf("\n");
    }
    xabi_abi_free(abi);
    xabi_store_close(st);
    return XABI_EXIT_OK;
}
