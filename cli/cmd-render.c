/*
 * cmd-render.c: `xabi render`, the pages, from what the database holds.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"
#include "generator/generator.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: xabi render [--format wiki|rst|html|all] --out DIR [--db PATH]\n"
    "                   [--templates DIR]\n"
    "       xabi render --format wiki|rst|html --page NAME [--db PATH]\n"
    "                   [--templates DIR]\n"
    "\n"
    "Write the documentation pages: the index of runs with their provenance,\n"
    "hypercalls, PV traps and entry points, PV start of day and segments,\n"
    "the PVH boot ABI, the ABI across Xen versions, and the audit report\n"
    "with one page per rule.  Every observed fact names its run, source,\n"
    "Xen version, domain and vCPU; facts with no observation behind them\n"
    "say they come from the headers only.\n"
    "\n"
    "Each format goes to its own directory: DIR/html (a static site, no\n"
    "scripts, nothing fetched), DIR/rst (a Sphinx project: sphinx-build\n"
    "DIR/rst OUT), DIR/wiki (MediaWiki markup).  The site is written beside\n"
    "DIR and renamed into place, so DIR is never half written; an existing\n"
    "DIR is replaced only if xabi wrote it.\n"
    "\n"
    "With --page, one page in one format goes to standard output, to paste\n"
    "into a wiki or a document; NAME is its file name in the site without\n"
    "the extension (index, hypercalls, pv-start-of-day, audit,\n"
    "rule-SEG-001, ...).  An unknown NAME is a usage error that lists them.\n"
    "\n"
    "options:\n"
    "  --format F      html, rst, wiki, or all (default all); may repeat\n"
    "  --out DIR       where the site goes\n"
    "  --page NAME     only page NAME, to standard output (one --format)\n"
    "  --db PATH       the database (default $XABI_DB, else\n"
    "                  ./" XABI_DEFAULT_DB ")\n"
    "  --templates DIR the templates; by default $XABI_TEMPLATES, else, with\n"
    "                  BIN the directory of the xabi binary itself,\n"
    "                  BIN/../share/xabi/templates (where `make install` puts\n"
    "                  them), else BIN/../templates (the source tree, for a\n"
    "                  binary run from its build/)\n"
    "  --json          print {\"out\": DIR, \"files\": [...]}: every file\n"
    "                  written, relative to DIR\n"
    "ctemplate expands them, in the module xabi-ctemplate.so: found in\n"
    "BIN/../lib/xabi (where `make install` puts it), else in BIN.\n"
    "exit: 0 written, 1 error (a missing or broken template or module, an\n"
    "output that cannot be written, an unusable database), 2 wrong arguments\n";

static int parse_format(const char *s, unsigned *formats)
{
    static const struct { const char *name; unsigned bits; } f[] = {
        { "html", 1u << XABI_FMT_HTML },
        { "rst", 1u << XABI_FMT_RST },
        { "wiki", 1u << XABI_FMT_WIKI },
        { "all", (1u << XABI_FMT_MAX) - 1 },
    };
    size_t i;

    for ( i = 0; i < sizeof(f) / sizeof(f[0]); i++ )
    {
        if ( strcmp(s, f[i].name) == 0 )
        {
            *formats |= f[i].bits;
            return 0;
        }
    }
    return -1;
}

/*
 * The templates of this binary: DIR/../share/xabi/templates where DIR
 * holds the binary (installed), else DIR/../templates (build/ in the
 * source tree).  NULL if neither is a directory.
 */
static const char *find_templates(char *buf, size_t len)
{
    static const char *const rel[] = { "../share/xabi/templates",
                                       "../templates" };

    return xabi_cli_find_data_dir(rel, sizeof(rel) / sizeof(rel[0]), buf,
                                  len);
}

/*
 * The template module (generator/template-module.h) of this binary:
 * DIR/../lib/xabi/xabi-ctemplate.so (installed), else
 * DIR/xabi-ctemplate.so (build/).  NULL if neither is a file.
 */
static const char *find_module(char *buf, size_t len)
{
    static const char *const rel[] = { "../lib/xabi/" XABI_TPL_MODULE,
                                       XABI_TPL_MODULE };

    return xabi_cli_find_data_file(rel, sizeof(rel) / sizeof(rel[0]), buf,
                                   len);
}

static int render(const char *db, struct xabi_render_opts *o, bool json)
{
    struct xabi_store *st = NULL;
    char err[8192];
    int rc = XABI_EXIT_OK;

    if ( xabi_cli_store_open(db, XABI_STORE_READ, &st) )
    {
        rc = xabi_cli_error("%s", xabi_store_errmsg(st));
        xabi_store_close(st);
        return rc;
    }
    switch ( xabi_render(st, o, err, sizeof(err)) )
    {
    case 0:
        break;
    case -2:
        rc = xabi_cli_usage_error(&xabi_cmd_render, "--page: %s", err);
        break;
    default:
        rc = xabi_cli_error("render: %s", err);
        break;
    }
    if ( rc || o->page )
        ;
    else if ( json && xabi_cli_print_tree_json(stdout, o->out) )
        rc = xabi_cli_error("render: cannot list what went to %s", o->out);
    else if ( json )
        ;
    else if ( o->formats & (1u << XABI_FMT_HTML) )
        printf("wrote %s/ (open %s/html/index.html)\n", o->out, o->out);
    else
        printf("wrote %s/\n", o->out);
    xabi_store_close(st);
    return rc;
}

static int run(int argc, char **argv)
{
    enum { O_FORMAT = 256, O_OUT, O_DB, O_TEMPLATES, O_JSON, O_PAGE };
    static const struct option longopts[] = {
        { "format", required_argument, NULL, O_FORMAT },
        { "out", required_argument, NULL, O_OUT },
        { "db", required_argument, NULL, O_DB },
        { "json", no_argument, NULL, O_JSON },
        { "templates", required_argument, NULL, O_TEMPLATES },
        { "page", required_argument, NULL, O_PAGE },
        { NULL, 0, NULL, 0 },
    };
    struct xabi_render_opts o;
    const char *db = NULL;
    char found[PATH_MAX + 32], module[PATH_MAX + 32];
    bool json = false;
    int c;

    memset(&o, 0, sizeof(o));
    o.templates = getenv("XABI_TEMPLATES");
    if ( !o.templates || !*o.templates )
        o.templates = find_templates(found, sizeof(found));
    o.xabi_version = XABI_VERSION;
    optind = 1;
    opterr = 0;
    while ( (c = getopt_long(argc, argv, "", longopts, NULL)) != -1 )
    {
        switch ( c )
        {
        case O_FORMAT:
            if ( parse_format(optarg, &o.formats) )
                return xabi_cli_usage_error(&xabi_cmd_render,
                                            "--format '%s': expected wiki, "
                                            "rst, html or all", optarg);
            break;
        case O_OUT: o.out = optarg; break;
        case O_DB: db = optarg; break;
        case O_JSON: json = true; break;
        case O_TEMPLATES: o.templates = optarg; break;
        case O_PAGE: o.page = optarg; break;
        default:
            return xabi_cli_bad_option(&xabi_cmd_render, argv[optind - 1]);
        }
    }
    db = xabi_cli_db(db);
    if ( optind != argc )
        return xabi_cli_usage_error(&xabi_cmd_render, "unexpected '%s'",
                                    argv[optind]);
    if ( !o.templates )
        return xabi_cli_error("render: no templates: neither $XABI_TEMPLATES "
                              "nor ../share/xabi/templates or ../templates "
                              "beside the binary; give --templates DIR");
    o.template_module = find_module(module, sizeof(module));
    if ( !o.template_module )
        return xabi_cli_error("render: no template module: neither "
                              "../lib/xabi/" XABI_TPL_MODULE " nor "
                              XABI_TPL_MODULE " beside the binary (make "
                              "builds it beside build/xabi; make install "
                              "installs it)");
    if ( o.page )
    {
        /* Exactly one format bit. */
        if ( !o.formats || (o.formats & (o.formats - 1)) )
            return xabi_cli_usage_error(&xabi_cmd_render,
                                        "--page writes one format: give "
                                        "--format wiki, rst or html");
        if ( o.out )
            return xabi_cli_usage_error(&xabi_cmd_render,
                                        "--page writes to standard output; "
                                        "no --out");
        o.page_out = stdout;
        return render(db, &o, json);
    }
    if ( !o.out || !*o.out )
        return xabi_cli_usage_error(&xabi_cmd_render, "--out DIR is needed");
    if ( !o.formats )
        o.formats = (1u << XABI_FMT_MAX) - 1;
    return render(db, &o, json);
}

const struct xabi_cli_cmd xabi_cmd_render = {
    .name = "render",
    .summary = "documentation pages (HTML, RST, MediaWiki) from the database",
    .usage = usage,
    .run = run,
};
