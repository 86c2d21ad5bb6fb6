/*
 * cmd-abi.c: `xabi abi import|diff|list`, the ABI catalogue.
 *
 * import reads a directory of Xen public headers (abi/) and stores the
 * facts under a version name; everything is checked before the database is
 * opened, and the store writes in one transaction, so bad input leaves the
 * database as it was.  diff compares two versions of the catalogue and
 * exits as abidiff does.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "abi/abi.h"
#include "cli/catalogue.h"
#include "cli/cli.h"
#include "cli/table.h"
#include "store/store.h"

/* abidiff's bits: xabi's own error is 1 and usage 2, as everywhere. */
#define EXIT_ABI_CHANGE       4
#define EXIT_ABI_INCOMPATIBLE 8

struct abi_opts
{
    const char *db;
    const char *version;
    const char *source;
    const char *kind; /* list --kind */
    bool replace, json;
    const char *args[2];
    int nargs;
    const char *runs[2]; /* --run A --run B */
    int nruns;
    double factor;
};

static int parse_opts(int argc, char **argv, struct abi_opts *o)
{
    int i;

    for ( i = 2; i < argc; i++ )
    {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;

        if ( strcmp(a, "--json") == 0 )
            o->json = true;
        else if ( strcmp(a, "--replace") == 0 )
            o->replace = true;
        else if ( strcmp(a, "--db") == 0 && has_val )
            o->db = argv[++i];
        else if ( strcmp(a, "--version") == 0 && has_val )
            o->version = argv[++i];
        else if ( strcmp(a, "--source") == 0 && has_val )
            o->source = argv[++i];
        else if ( strcmp(a, "--kind") == 0 && has_val )
            o->kind = argv[++i];
        else if ( strcmp(a, "--run") == 0 && has_val )
        {
            if ( o->nruns == 2 )
                return xabi_cli_usage_error(&xabi_cmd_abi,
                                            "--run is given twice, not more");
            o->runs[o->nruns++] = argv[++i];
        }
        else if ( strcmp(a, "--factor") == 0 && has_val )
        {
            char *end;

            o->factor = strtod(argv[++i], &end);
            if ( *end || end == argv[i] || !(o->factor >= 1) ||
                 o->factor > 1e12 )
                return xabi_cli_usage_error(&xabi_cmd_abi,
                                            "--factor '%s': not a number of "
                                            "at least 1", argv[i]);
        }
        else if ( a[0] == '-' )
            return xabi_cli_bad_option(&xabi_cmd_abi, a);
        else if ( o->nargs < 2 )
            o->args[o->nargs++] = a;
        else
            return xabi_cli_usage_error(&xabi_cmd_abi, "too many arguments");
    }
    return XABI_EXIT_OK;
}

/* ---- import -------------------------------------------------------------- */

static int store_import(const struct abi_opts *o, const struct xabi_abi *abi,
                        const char *source)
{
    const char *path = xabi_cli_db(o->db);
    struct xabi_store *st;

    if ( xabi_cli_store_open(path, XABI_STORE_WRITE, &st) ||
         xabi_store_abi_put(st, o->version, source, abi, o->replace) )
    {
        xabi_cli_error("%s", xabi_store_errmsg(st));
        xabi_store_abandon(st);
        return XABI_EXIT_ERROR;
    }
    xabi_store_close(st);
    return XABI_EXIT_OK;
}

static int do_import(const struct abi_opts *o)
{
    char source[512];
    struct xabi_abi *abi;
    int rc;

    if ( o->nargs != 1 )
        return xabi_cli_usage_error(&xabi_cmd_abi,
                                    "import takes one directory");
    if ( !o->version )
        return xabi_cli_usage_error(&xabi_cmd_abi,
                                    "import needs --version V (such as 4.17)");
    if ( !xabi_version_valid(o->version) )
        return xabi_cli_error("--version '%s' is not a Xen version (such as "
                              "4.17, 4.17.1 or 4.17-debian)",
                              o->version);
    abi = xabi_abi_new();
    if ( !abi )
        return xabi_cli_error("out of memory");
    if ( xabi_abi_import_dir(abi, o->args[0]) )
    {
        rc = xabi_cli_error("%s", abi->errmsg);
        xabi_abi_free(abi);
        return rc;
    }
    snprintf(source, sizeof(source), "%s", o->source ? o->source : o->args[0]);
    rc = store_import(o, abi, source);
    if ( rc == XABI_EXIT_OK && !o->json )
        printf("Xen %s: %zu hypercalls, %zu constants, %zu sub-ops from %u "
               "headers; %u definitions skipped\n",
               o->version, abi->nhc, abi->ncon, abi->nsub, abi->files,
               abi->skipped);
    else if ( rc == XABI_EXIT_OK )
    {
        printf("{\"version\": ");
        xabi_cli_json_string(stdout, o->version);
        printf(", \"hypercalls\": %zu, \"constants\": %zu, \"subops\": %zu, "
               "\"headers\": %u, \"skipped\": %u}\n",
               abi->nhc, abi->ncon, abi->nsub, abi->files, abi->skipped);
    }
    xabi_abi_free(abi);
    return rc;
}

/* ---- diff ---------------------------------------------------------------- */

struct diff_out
{
    bool json;
    unsigned changes, incompatible;
};

/* Hex for ids and selectors, decimal for small counts. */
static void print_value(const struct xabi_change *c, int64_t v)
{
    if ( strcmp(c->what, "trc") == 0 || strcmp(c->what, "flat_selector") == 0
         || strcmp(c->what, "interface") == 0 ||
         strcmp(c->what, "cpuid") == 0 || v > 0xffff || v < 0 )
        printf("0x%" PRIx64, (uint64_t)v);
    else
        printf("%" PRId64, v);
}

/* A layout or member change: sizes in bytes, offsets, type names. */
static void layout_text(const struct xabi_change *c)
{
    bool member = strcmp(c->what, "member") == 0;
    bool gone = c->kind == XABI_CHANGE_REMOVED;

    if ( !member )
    {
        if ( c->kind == XABI_CHANGE_RESIZED )
            printf("%s: %" PRId64 " -> %" PRId64 " bytes", c->name,
                   c->old_value, c->new_value);
        else
            printf("%s: %" PRId64 " bytes (%s)", c->name,
                   gone ? c->old_value : c->new_value,
                   gone ? c->old_text : c->new_text);
        return;
    }
    printf("%s.%s: ", c->layout, c->name);
    if ( c->kind == XABI_CHANGE_ADDED || gone )
        printf("offset %" PRId64 ", %" PRId64 " bytes, %s",
               gone ? c->old_value : c->new_value,
               gone ? c->old_size : c->new_size,
               gone ? c->old_text : c->new_text);
    else
    {
        printf("offset %" PRId64, c->old_value);
        if ( c->new_value != c->old_value )
            printf(" -> %" PRId64, c->new_value);
        printf(", %" PRId64 " bytes", c->old_size);
        if ( c->new_size != c->old_size )
            printf(" -> %" PRId64, c->new_size);
        printf(", %s", c->old_text);
        if ( strcmp(c->old_text, c->new_text) != 0 )
            printf(" -> %s", c->new_text);
    }
}

static void change_text(const struct xabi_change *c)
{
    printf("%-14s %-12s ", c->what, xabi_change_kind_name(c->kind));
    if ( c->group[0] )
        printf("[%s] ", c->group);
    if ( c->audience != XABI_AUDIENCE_GUEST )
        printf("(%s only) ", xabi_audience_name(c->audience));
    if ( strcmp(c->what, "layout") == 0 || strcmp(c->what, "member") == 0 )
    {
        layout_text(c);
        printf("\n");
        return;
    }
    switch ( c->kind )
    {
    case XABI_CHANGE_ADDED:
    case XABI_CHANGE_REMOVED:
        printf("%s = ", c->name);
        print_value(c, c->kind == XABI_CHANGE_ADDED ? c->new_value
                                                    : c->old_value);
        break;
    case XABI_CHANGE_RENUMBERED:
    case XABI_CHANGE_BUMPED:
    case XABI_CHANGE_REDIRECTED:
        printf("%s: ", c->name);
        print_value(c, c->old_value);
        printf(" -> ");
        print_value(c, c->new_value);
        break;
    case XABI_CHANGE_RENAMED:
        print_value(c, c->new_value);
        printf(": %s -> %s", c->old_name, c->name);
        break;
    default:
        printf("%s: \"", c->name);
        xabi_cli_print_text(stdout, c->old_text, 0);
        printf("\" -> \"");
        xabi_cli_print_text(stdout, c->new_text, 0);
        printf("\"");
        break;
    }
    printf("\n");
}

static void change_json(const struct xabi_change *c, bool first)
{
    bool f = true;

    printf("%s\n    {", first ? "" : ",");
    xabi_cli_json_key(stdout, &f, "change");
    xabi_cli_json_string(stdout, xabi_change_kind_name(c->kind));
    xabi_cli_json_key(stdout, &f, "what");
    xabi_cli_json_string(stdout, c->what);
    xabi_cli_json_key(stdout, &f, "group");
    xabi_cli_json_string(stdout, c->group[0] ? c->group : NULL);
    xabi_cli_json_key(stdout, &f, "layout");
    xabi_cli_json_string(stdout, c->layout[0] ? c->layout : NULL);
    xabi_cli_json_key(stdout, &f, "name");
    xabi_cli_json_string(stdout, c->name);
    xabi_cli_json_key(stdout, &f, "old_name");
    xabi_cli_json_string(stdout, c->old_name[0] ? c->old_name : NULL);
    xabi_cli_json_key(stdout, &f, "old_value");
    if ( c->kind == XABI_CHANGE_ADDED )
        printf("null");
    else
        printf("%" PRId64, c->old_value);
    xabi_cli_json_key(stdout, &f, "new_value");
    if ( c->kind == XABI_CHANGE_REMOVED )
        printf("null");
    else
        printf("%" PRId64, c->new_value);
    if ( strcmp(c->what, "member") == 0 )
    {
        xabi_cli_json_key(stdout, &f, "old_size");
        if ( c->kind == XABI_CHANGE_ADDED )
            printf("null");
        else
            printf("%" PRId64, c->old_size);
        xabi_cli_json_key(stdout, &f, "new_size");
        if ( c->kind == XABI_CHANGE_REMOVED )
            printf("null");
        else
            printf("%" PRId64, c->new_size);
    }
    xabi_cli_json_key(stdout, &f, "old_text");
    xabi_cli_json_string(stdout, c->old_text[0] ? c->old_text : NULL);
    xabi_cli_json_key(stdout, &f, "new_text");
    xabi_cli_json_string(stdout, c->new_text[0] ? c->new_text : NULL);
    xabi_cli_json_key(stdout, &f, "audience");
    xabi_cli_json_string(stdout, xabi_audience_name(c->audience));
    xabi_cli_json_key(stdout, &f, "incompatible");
    printf("%s}", xabi_change_incompatible(c) ? "true" : "false");
}

static int on_change(void *ctx, const struct xabi_change *c)
{
    struct diff_out *d = ctx;

    if ( d->json )
        change_json(c, d->changes == 0);
    else
        change_text(c);
    d->changes++;
    d->incompatible += xabi_change_incompatible(c);
    return 0;
}

static int diff_versions(const struct abi_opts *o, struct xabi_abi *a,
                         struct xabi_abi *b)
{
    struct diff_out d = { o->json, 0, 0 };
    struct xabi_diff_scope scope;
    char checked[160];

    if ( o->json )
    {
        printf("{\"from\": ");
        xabi_cli_json_string(stdout, o->args[0]);
        printf(", \"to\": ");
        xabi_cli_json_string(stdout, o->args[1]);
        printf(", \"changes\": [");
    }
    if ( xabi_abi_diff_scoped(a, b, on_change, &d, &scope) )
        return xabi_cli_error("out of memory");
    snprintf(checked, sizeof(checked),
             "%u items in %u categories compared%s", scope.items,
             scope.categories,
             scope.layouts ? "" : "; layouts not compared (a version "
                                  "without them)");
    if ( o->json )
    {
        printf("%s], \"count\": %u, \"incompatible\": %u, ",
               d.changes ? "\n  " : "", d.changes, d.incompatible);
        printf("\"items\": %u, \"categories\": %u, "
               "\"layouts_compared\": %s}\n",
               scope.items, scope.categories,
               scope.layouts ? "true" : "false");
    }
    else if ( d.changes )
        printf("%u changes from Xen %s to %s, %u of them incompatible (would "
               "break a guest built for %s); %s\n",
               d.changes, o->args[0], o->args[1], d.incompatible, o->args[0],
               checked);
    else
        printf("no changes from Xen %s to %s; %s\n", o->args[0], o->args[1],
               checked);
    if ( d.changes == 0 )
        return XABI_EXIT_OK;
    return EXIT_ABI_CHANGE | (d.incompatible ? EXIT_ABI_INCOMPATIBLE : 0);
}

static int do_diff(const struct abi_opts *o)
{
    struct xabi_store *st = NULL;
    struct xabi_abi *a = NULL, *b = NULL;
    int rc;

    if ( o->nruns )
    {
        if ( o->nruns != 2 || o->nargs != 0 )
            return xabi_cli_usage_error(&xabi_cmd_abi,
                                        "diff --run A --run B compares two "
                                        "runs, and takes no versions");
        return xabi_cli_abi_run_diff(o->db, o->runs[0], o->runs[1],
                                     o->factor, o->json);
    }

    if ( o->nargs != 2 )
        return xabi_cli_usage_error(&xabi_cmd_abi,
                                    "diff takes two versions, A and B");
    rc = xabi_cli_open_catalogue(o->db, &st);
    if ( rc == XABI_EXIT_OK )
        rc = xabi_cli_load_version(st, o->args[0], &a);
    if ( rc == XABI_EXIT_OK )
        rc = xabi_cli_load_version(st, o->args[1], &b);
    if ( rc == XABI_EXIT_OK )
        rc = diff_versions(o, a, b);
    xabi_abi_free(a);
    xabi_abi_free(b);
    xabi_store_close(st);
    return rc;
}

/* The categories `abi list --kind` knows. */
static const char *const list_kinds[] = {
    "hypercall", "subop", "layout", "constant", "elfnote", "callbacktype",
    "vmasst", "flat_selector", "gdt", "trc", "interface", "xenfeat",
    "hvm_param", "cpuid",
};

/* The ", "-separated versions of list as {"versions": [...]}. */
static void print_versions_json(char *list)
{
    char *v, *next;

    fputs("{\"versions\": [", stdout);
    for ( v = list; *v; v = next )
    {
        next = strstr(v, ", ");
        if ( next )
        {
            *next = '\0';
            next += 2;
        }
        else
            next = v + strlen(v);
        xabi_cli_json_string(stdout, v);
        if ( *next )
            fputs(", ", stdout);
    }
    fputs("]}\n", stdout);
}

static int do_list(const struct abi_opts *o)
{
    struct xabi_store *st = NULL;
    char buf[4096];
    size_t k;
    int rc;

    if ( o->nargs > 1 )
        return xabi_cli_usage_error(&xabi_cmd_abi,
                                    "list takes one version at most");
    for ( k = 0; o->kind && k < sizeof(list_kinds) / sizeof(list_kinds[0]);
          k++ )
    {
        if ( strcmp(o->kind, list_kinds[k]) == 0 )
            break;
    }
    if ( o->kind && k == sizeof(list_kinds) / sizeof(list_kinds[0]) )
        return xabi_cli_usage_error(&xabi_cmd_abi,
                                    "--kind: hypercall, subop, layout, "
                                    "constant, elfnote, callbacktype, "
                                    "vmasst, flat_selector, gdt, trc, "
                                    "interface, xenfeat, hvm_param or "
                                    "cpuid");
    if ( o->nargs == 1 )
        return xabi_cli_abi_list_version(o->db, o->args[0], o->kind,
                                         o->json);
    if ( o->kind )
        return xabi_cli_usage_error(&xabi_cmd_abi,
                                    "--kind needs a version: list V --kind "
                                    "K");
    rc = xabi_cli_open_catalogue(o->db, &st);
    if ( rc == XABI_EXIT_OK && xabi_store_abi_versions(st, buf, sizeof(buf)) )
        rc = xabi_cli_error("%s", xabi_store_errmsg(st));
    if ( rc == XABI_EXIT_OK && o->json )
        print_versions_json(buf);
    else if ( rc == XABI_EXIT_OK )
    {
        xabi_cli_print_text(stdout, buf, 0);
        putchar('\n');
    }
    xabi_store_close(st);
    return rc;
}

static const struct
{
    const char *name;
    int (*fn)(const struct abi_opts *o);
} subs[] = {
    { "import", do_import },
    { "diff", do_diff },
    { "list", do_list },
};

static int run(int argc, char **argv)
{
    struct abi_opts o;
    size_t k;
    int rc;

    memset(&o, 0, sizeof(o));
    o.factor = 10;
    if ( argc < 2 )
        return xabi_cli_usage_error(&xabi_cmd_abi,
                                    "import, diff or list?");
    for ( k = 0; k < sizeof(subs) / sizeof(subs[0]); k++ )
    {
        if ( strcmp(subs[k].name, argv[1]) == 0 )
            break;
    }
    if ( k == sizeof(subs) / sizeof(subs[0]) )
        return xabi_cli_usage_error(&xabi_cmd_abi,
                                    "no subcommand '%s': import, diff or "
                                    "list", argv[1]);
    rc = parse_opts(argc, argv, &o);
    if ( rc != XABI_EXIT_OK )
        return rc;
    return subs[k].fn(&o);
}

const struct xabi_cli_cmd xabi_cmd_abi = {
    "abi",
    "import Xen's public headers into the catalogue; diff two versions",
    "usage: xabi abi import DIR --version V [--replace] [--source TEXT]\n"
    "                              [--db PATH] [--json]\n"
    "       xabi abi diff A B [--db PATH] [--json]\n"
    "       xabi abi diff --run A --run B [--factor F] [--db PATH] [--json]\n"
    "       xabi abi list [V [--kind K]] [--db PATH] [--json]\n"
    "\n"
    "import  reads DIR, a directory of Xen public headers (/usr/include/xen\n"
    "        or xen/include/public of a Xen tree), and stores, as version V:\n"
    "        hypercall numbers with their x86-only, deprecated and dropped\n"
    "        markers and compat aliases; ELF notes, callback types, VM\n"
    "        assists, the FLAT_* selectors of both x86 headers with their\n"
    "        comments, FIRST_RESERVED_GDT_*, TRC_* ids, the interface\n"
    "        versions (guest, domctl, sysctl, platform, altp2m), XENFEAT_*\n"
    "        flags, HVM_PARAM_* numbers and Xen's CPUID leaves; the\n"
    "        sub-ops of sched_op, vcpu_op, mmuext_op, memory_op,\n"
    "        grant_table_op, physdev_op, event_channel_op, callback_op,\n"
    "        xen_version, hvm_op, dm_op and platform_op.  Not struct\n"
    "        layouts: those come from DWARF (scripts/make-catalogue.sh).\n"
    "        Definitions it cannot evaluate are counted and\n"
    "        skipped.  A version already in the catalogue (every release\n"
    "        from 4.2 to 4.22 is built in) is replaced only with --replace.\n"
    "        On any error the database is left as it was.\n"
    "diff    says what changed from version A to version B: facts added,\n"
    "        removed, renumbered, renamed, value-bumped (an interface\n"
    "        version or a _MAX moving on) or redirected (a name moved to\n"
    "        a new number, the old one still defined under another name),\n"
    "        header comments and markers that changed; struct layouts per\n"
    "        x86 width added, removed or resized, and their members added,\n"
    "        removed, moved, resized or retyped.  Xen-internal definitions\n"
    "        (#ifdef __XEN__) are not compared; tools-only ones are marked.\n"
    "        It ends with how many items in how many categories\n"
    "        it compared (layouts only when both versions have them).\n"
    "diff --run A --run B\n"
    "        compares what the guests of two stored runs (ids from the run\n"
    "        table) did, guest by guest: each domain of A is paired with\n"
    "        one of B by its name (live runs record it), else by its\n"
    "        domain id, else as the one guest left on each side, and the\n"
    "        pairing is named (kernels are not recorded per domain).  For\n"
    "        each pair it lists, largest first, only what differs: start\n"
    "        state, trap table, callbacks and hypercall page stubs one\n"
    "        has and the other lacks; hypercalls, sub-ops, traps, HVM\n"
    "        exits and other fact kinds one used and the other did not,\n"
    "        or whose share of their kind differs by a factor of F or\n"
    "        more (default 10; shares, so runs of different lengths\n"
    "        compare); vectors delivered with an error code in one run\n"
    "        only.  Each line names the thing and gives both absolute\n"
    "        counts with their shares.  Exit 0 when none, 4 when there\n"
    "        are differences.\n"
    "list    prints the versions in the catalogue; list V prints what it\n"
    "        holds for version V: hypercalls, constants, sub-ops and struct\n"
    "        layouts with their members, or only those of --kind K\n"
    "        (hypercall, subop, layout, constant, or a constant kind:\n"
    "        elfnote, callbacktype, vmasst, flat_selector, gdt, trc,\n"
    "        interface, xenfeat, hvm_param, cpuid).\n"
    "\n"
    "options:\n"
    "  --db PATH     the database (default $XABI_DB, else ./xabi.db; diff\n"
    "                and list use the built-in catalogue when there is none)\n"
    "  --json        JSON on stdout\n"
    "  --source TEXT where the headers came from, stored with the version\n"
    "\n"
    "exit (diff, as abidiff):\n"
    "  0   no change\n"
    "  1   error: unknown version, unreadable database\n"
    "  2   wrong arguments\n"
    "  4   changes, none of which breaks a guest built for A\n"
    "  12  changes including some that do (4|8): a hypercall, sub-op or\n"
    "      guest-visible constant removed or renumbered, a layout removed,\n"
    "      a member moved, resized or removed (padding aside).  Trace ids\n"
    "      are xentrace's, not a guest's; renames keep the number\n"
    "exit (import, list): 0 done; 1 error; 2 wrong arguments\n",
    run,
};
