/*
 * cmd-collect.c: `xabi collect`, a trace into the store.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abi/abi.h"
#include "cli/cli.h"
#include "cli/table.h"
#include "store/store.h"
#include "collector/collector.h"
#include "collector/live.h"
#include "collector/hcpage.h"
#include "collector/save.h"
#include "collector/snapshot.h"

static const char usage[] =
    "usage: xabi collect FILE --xen-version V [options]\n"
    "       xabi collect --image KERNEL [--xen-version V] [--db PATH]\n"
    "       xabi collect --snapshot DUMP [--snapshot DUMP...] --xen-version V\n"
    "                    [--phase initial|running|final] [--guest-type T]\n"
    "                    [--user-mode yes|no] [--db PATH]\n"
    "       xabi collect --live [--domain ID|NAME...] [--duration 30s]\n"
    "                    [--events pv,hvm,sched] [--snapshot-interval 5s]\n"
    "                    [--start] [--kernel FILE] [--db PATH]\n"
    "       xabi collect --hypercall-page FILE --va ADDR --xen-version V\n"
    "                    [--guest-type PV64|PV32] [--domain N] [--db PATH]\n"
    "       xabi collect --save FILE [--xen-version V] [--domain N]\n"
    "                    [--phase initial|running|final] [--db PATH]\n"
    "\n"
    "Read a xentrace binary trace into the database: every record counted by\n"
    "event id, attributed to the domain and vCPU that was running, and the\n"
    "events xabi understands decoded into facts (hypercalls, traps, faults,\n"
    "emulations, HVM exits, domain lifecycle, lost records).\n"
    "\n"
    "FILE is a trace as xentrace wrote it, or that trace compressed with xz,\n"
    "zstd or gzip (known by its first bytes, not its name; decompressed as\n"
    "it is read, and the run's size and SHA-256 are the decompressed\n"
    "trace's, so both forms are one source).  - reads standard input, e.g.\n"
    "  xentrace -D -e all /dev/stdout | xabi collect - --xen-version 4.17\n"
    "\n"
    "options:\n"
    "  --xen-version V  the Xen the trace came from (the format carries\n"
    "                   none): names follow that version's ABI catalogue\n"
    "  --db PATH        the database (default $XABI_DB, else\n"
    "                   ./" XABI_DEFAULT_DB ")\n"
    "  --label TEXT     a label for the run\n"
    "  --keep-all       also store every record, a small row each (table event)\n"
    "  --salvage        on damage, keep what came before it (run marked\n"
    "                   salvaged) instead of failing\n"
    "  --no-progress    no progress line, even on a terminal\n"
    "  --replace        the same source collected before (say with another\n"
    "                   --xen-version): delete that run and store this\n"
    "                   one, in one transaction (not with --live)\n"
    "  --source-name NAME  the run's source as stored and shown, instead\n"
    "                   of FILE (with -, what standard input was)\n"
    "  --json           the result as JSON: the run's id, kind, source,\n"
    "                   Xen version and the run it replaced; a trace's\n"
    "                   status and counts, an image's notes, a hypercall\n"
    "                   page's stubs per class, the dumps; with --live the\n"
    "                   host's version, the trace's status and counts and\n"
    "                   the run of --kernel's notes (kernel_run)\n"
    "  --xentrace PATH  with --live: the xentrace to run (default: the one\n"
    "                   on PATH)\n"
    "  --save-trace FILE  with --live: keep xentrace's output there too, as\n"
    "                   it came (for xenalyze, or to collect again)\n"
    "\n"
    "--image KERNEL records the Xen ELF notes of a guest kernel (a vmlinux,\n"
    "or a bzImage whose gzip, xz, zstd or lz4 payload is unpacked) and its\n"
    "loadable segments; note names follow --xen-version, by default the\n"
    "newest version in the catalogue.\n"
    "\n"
    "--snapshot DUMP records vCPU state dumped on a Xen host: the output of\n"
    "XEN_DOMCTL_getvcpucontext (getctx: selectors, trap table, callbacks,\n"
    "GDT), of xen-hvmctx, or pvhinfo (HVM/PVH hidden segment state, the PVH\n"
    "start info).  All dumps of one collect form one run.  --phase says\n"
    "when they were taken (default initial: created paused, before the\n"
    "first instruction), --guest-type PV64|PV32|HVM|PVH what the guest was\n"
    "when the dump cannot tell, --user-mode whether it had entered user\n"
    "mode.\n"
    "\n"
    "--live, in dom0 as root, records a running host: the Xen version, the\n"
    "domains, a snapshot of every vCPU of the chosen domains (--domain, by\n"
    "id or name; default all) at the start, every --snapshot-interval and\n"
    "at the end, and the event stream of the real xentrace, started as a\n"
    "child (-D -e MASK).  It runs for --duration (s, m or h; default until\n"
    "Ctrl-C).  --events picks xentrace's classes: pv, hvm, sched, dom0op,\n"
    "mem, shadow, hw, gen, guest, all, or a hex mask (default\n"
    "pv,hvm,sched,dom0op; sched is always added).  --start takes domains\n"
    "created paused (xl create -p): it snapshots them before their first\n"
    "instruction, then unpauses them once tracing is on.  --kernel names\n"
    "their kernel: its Xen ELF notes are collected as a run of their own\n"
    "and give the hypercall page's address.  A guest is never written to,\n"
    "and never paused.  Without Xen, --live fails at once.\n"
    "--hypercall-page FILE records a PV guest's hypercall page: the 4096\n"
    "bytes at the address its kernel's XEN_ELFNOTE_HYPERCALL_PAGE names,\n"
    "dumped from the guest (e.g. out of `xl dump-core`).  --va is that\n"
    "address, --guest-type PV64 (default) or PV32 its width, --domain its\n"
    "domain if known.  Each 32-byte stub is disassembled (Capstone, AT&T\n"
    "syntax) and classified against the stubs Xen writes; `xabi check`\n"
    "holds them to the Xen version (rules HCPAGE-*).\n"
    "\n"
    "--save FILE records a guest from an `xl save` image (a regular file),\n"
    "without a Xen: each vCPU as a snapshot, as --live takes it (PV:\n"
    "selectors, trap table, callbacks, GDT from the saved frames; HVM and\n"
    "PVH: segments with hidden state, control registers, RIP, RBX), and the\n"
    "image's headers and record types as facts.  The Xen version is the\n"
    "image's own unless --xen-version says; --domain the id the guest had,\n"
    "--phase when it was saved (default final).\n"
    "\n"
    "A collect is one transaction: on any error the database is unchanged.\n"
    "Collecting the same file again is a no-op that says so (--replace\n"
    "collects it anew).\n"
    "exit: 0 collected (or already there), 1 error, 2 wrong arguments\n";

static void warn(const char *msg)
{
    fputs("xabi collect: warning: ", stderr);
    xabi_cli_print_text(stderr, msg, 0);
    fputc('\n', stderr);
}

/* With --replace: the run that went. */
static void say_replaced(const struct xabi_collect_result *r)
{
    if ( r->replaced )
        printf("run %lld deleted: the same source, collected anew\n",
               (long long)r->replaced);
}

static const char *const run_status[] = { "complete", "truncated",
                                         "salvaged" };

/*
 * The fields every collect's JSON object opens with; the caller adds its
 * own and closes it.  Returns r->already: then there is nothing to add.
 */
static bool json_head(const char *kind, const char *source,
                      const char *version,
                      const struct xabi_collect_result *r)
{
    printf("{\"run\": %lld, \"kind\": ", (long long)r->run_id);
    xabi_cli_json_string(stdout, kind);
    fputs(", \"source\": ", stdout);
    xabi_cli_json_string(stdout, source);
    fputs(", \"xen_version\": ", stdout);
    xabi_cli_json_string(stdout, version);
    printf(", \"already\": %s, \"replaced\": ",
           r->already ? "true" : "false");
    if ( r->replaced )
        printf("%lld", (long long)r->replaced);
    else
        fputs("null", stdout);
    if ( r->already )
        puts("}");
    return r->already;
}

/* A collect's result as one JSON object on stdout. */
/* A trace's records Xen lost, a file's or --live's. */
static void say_lost(const struct xabi_collect_result *r)
{
    if ( r->lost_records )
        printf("  %llu records lost by Xen (see `xabi stats`)\n",
               (unsigned long long)r->lost_records);
}

/* A trace's fields after json_head, a file's or --live's: the caller closes. */
static void json_trace_fields(const struct xabi_collect_result *r)
{
    fputs(", \"status\": ", stdout);
    xabi_cli_json_string(stdout, run_status[r->status]);
    printf(", \"bytes\": %llu, \"records\": %llu, \"lost_records\": "
           "%llu, \"unknown_records\": %llu, \"reordered\": %llu",
           (unsigned long long)r->bytes, (unsigned long long)r->records,
           (unsigned long long)r->lost_records,
           (unsigned long long)r->unknown_records,
           (unsigned long long)r->reordered);
}

static void print_json(const struct xabi_collect_opts *o,
                       const struct xabi_collect_result *r)
{
    if ( json_head(o->source_kind ? o->source_kind : "trace",
                   o->source_name ? o->source_name : o->path,
                   o->xen_version, r) )
        return;
    json_trace_fields(r);
    puts("}");
}

static void print_result(const struct xabi_collect_opts *o,
                         const struct xabi_collect_result *r, bool json)
{
    const char *const *status = run_status;
    char path[XABI_CLI_TERM_MAX];

    /* File names are the user's, so they are shown escaped. */
    xabi_cli_term(o->source_name ? o->source_name : o->path, path,
                  sizeof(path));
    if ( r->warning[0] )
        warn(r->warning);
    if ( json )
    {
        print_json(o, r);
        return;
    }
    say_replaced(r);
    if ( r->already )
    {
        printf("%s: already collected as run %lld; nothing changed\n",
               path, (long long)r->run_id);
        return;
    }
    printf("run %lld: %s, Xen %s, %llu bytes, %llu records, %s\n",
           (long long)r->run_id, path, o->xen_version,
           (unsigned long long)r->bytes, (unsigned long long)r->records,
           status[r->status]);
    say_lost(r);
    if ( r->unknown_records )
        printf("  %llu records attributed to no domain: no scheduler record "
               "explains them\n",
               (unsigned long long)r->unknown_records);
}

/* Print an image's notes; guest strings are escaped for the terminal. */
static void print_image(const char *file, const char *version,
                        const struct xabi_collect_result *r, size_t nnotes,
                        bool json)
{
    char path[XABI_CLI_TERM_MAX];

    if ( json )
    {
        if ( !json_head("image", file, version, r) )
            printf(", \"bytes\": %llu, \"notes\": %zu}\n",
                   (unsigned long long)r->bytes, nnotes);
        return;
    }
    xabi_cli_term(file, path, sizeof(path));
    say_replaced(r);
    if ( r->already )
        printf("%s: already collected as run %lld; nothing changed\n", path,
               (long long)r->run_id);
    else
        printf("run %lld: image %s, %llu bytes, %zu Xen ELF notes\n"
               "  see them with: sqlite3 DB 'SELECT * FROM elfnote WHERE "
               "run_id = %lld'\n",
               (long long)r->run_id, path, (unsigned long long)r->bytes,
               nnotes, (long long)r->run_id);
}

static int collect_image(const char *db, const char *path,
                         const char *version,
                         const struct xabi_collect_opts *co, bool json)
{
    struct xabi_image_opts o = { path, version, co->label, co->replace };
    struct xabi_collect_result r;
    struct xabi_store *st = NULL;
    char err[2048];
    size_t nnotes = 0;

    if ( xabi_cli_store_open(db, XABI_STORE_WRITE, &st) )
    {
        xabi_cli_error("%s", xabi_store_errmsg(st));
        xabi_store_abandon(st);
        return XABI_EXIT_ERROR;
    }
    if ( xabi_collect_image(st, &o, &r, &nnotes, err, sizeof(err)) )
    {
        xabi_store_abandon(st);
        return xabi_cli_error("%s", err);
    }
    xabi_store_close(st);
    print_image(path, version, &r, nnotes, json);
    return XABI_EXIT_OK;
}

struct hcpage_args
{
    const char *path, *va, *domain;
};

/*
 * The database of a trace collect, opened in a thread while the collector
 * reads the trace (xabi_collect_opts.wait_store): opening one takes a few
 * milliseconds (copying the seed, SQLite reading a schema of a hundred
 * objects), which the trace's reading no longer waits for.
 */
struct opening
{
    const char *db;
    pthread_t thread;
    bool started, joined;
    atomic_bool over;
    int rc;
    struct xabi_store *st;
};

static void *opening_main(void *arg)
{
    struct opening *o = arg;

    o->rc = xabi_cli_store_open(o->db, XABI_STORE_WRITE, &o->st);
    atomic_store(&o->over, true);
    return NULL;
}

/* Start opening; if no thread can be had, open it here and now. */
static void opening_start(struct opening *o, const char *db)
{
    o->db = db;
    o->started = pthread_create(&o->thread, NULL, opening_main, o) == 0;
    if ( !o->started )
        opening_main(o);
}

static void opening_join(struct opening *o)
{
    if ( o->started && !o->joined )
        pthread_join(o->thread, NULL);
    o->joined = true;
}

static bool opening_over(void *ctx)
{
    return atomic_load(&((struct opening *)ctx)->over);
}

static struct xabi_store *opening_wait(void *ctx, char *err, size_t errlen)
{
    struct opening *o = ctx;

    opening_join(o);
    if ( o->rc )
    {
        snprintf(err, errlen, "%s", xabi_store_errmsg(o->st));
        return NULL;
    }
    return o->st;
}

/* Collect the trace o.path into db, the database opened meanwhile. */
static int collect_trace(const char *db, struct xabi_collect_opts *o,
                         bool json)
{
    struct xabi_collect_result r;
    struct opening op = { 0 };
    char err[2048];
    int rc;

    opening_start(&op, db);
    o->store_opened = opening_over;
    o->wait_store = opening_wait;
    o->store_ctx = &op;
    rc = xabi_collect_trace(NULL, o, &r, err, sizeof(err));
    opening_join(&op);
    /* What failed first says so: the trace, or the database (whose
     * message the collector took from opening_wait). */
    if ( rc )
    {
        xabi_store_abandon(op.st);
        return xabi_cli_error("%s", err);
    }
    xabi_store_close(op.st);
    print_result(o, &r, json);
    return XABI_EXIT_OK;
}

static int collect_hcpage(const char *db, const struct hcpage_args *ha,
                          enum xabi_guest_type width, const char *version,
                          const struct xabi_collect_opts *co, bool json)
{
    char path[XABI_CLI_TERM_MAX];
    struct xabi_hcpage_opts o = { .path = ha->path, .width = width,
                                  .domid = XABI_UNKNOWN,
                                  .xen_version = version, .label = co->label,
                                  .replace = co->replace };
    unsigned nclass[XABI_STUB_MAX];
    struct xabi_collect_result r;
    struct xabi_store *st = NULL;
    char err[2048], *end;
    unsigned long long v;
    int c;

    errno = 0;
    v = strtoull(ha->va ? ha->va : "", &end, 0);
    if ( !ha->va || !*ha->va || *end || errno )
        return xabi_cli_usage_error(&xabi_cmd_collect,
                                    "--hypercall-page needs --va ADDR, the "
                                    "page's guest virtual address (e.g. "
                                    "0xffffffff81001000)");
    o.va = v;
    if ( ha->domain )
    {
        long d = strtol(ha->domain, &end, 0);

        if ( !*ha->domain || *end || d < 0 || d > 0x7fef )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "--domain '%s': expected a domain "
                                        "id", ha->domain);
        o.domid = (int32_t)d;
    }
    if ( xabi_cli_store_open(db, XABI_STORE_WRITE, &st) )
    {
        xabi_cli_error("%s", xabi_store_errmsg(st));
        xabi_store_abandon(st);
        return XABI_EXIT_ERROR;
    }
    if ( xabi_collect_hcpage(st, &o, &r, nclass, err, sizeof(err)) )
    {
        xabi_store_abandon(st);
        return xabi_cli_error("%s", err);
    }
    xabi_store_close(st);
    if ( json )
    {
        const char *sep = "";

        if ( json_head("hcpage", ha->path, version, &r) )
            return XABI_EXIT_OK;
        printf(", \"guest_type\": \"%s\", \"va\": \"0x%llx\", \"stubs\": {",
               xabi_guest_type_name(width), v);
        for ( c = 0; c < XABI_STUB_MAX; c++ )
        {
            if ( !nclass[c] )
                continue;
            printf("%s\"%s\": %u", sep,
                   xabi_stub_class_name((enum xabi_stub_class)c), nclass[c]);
            sep = ", ";
        }
        puts("}}");
        return XABI_EXIT_OK;
    }
    say_replaced(&r);
    if ( r.already )
    {
        printf("%s: already collected as run %lld; nothing changed\n",
               xabi_cli_term(ha->path, path, sizeof(path)),
               (long long)r.run_id);
        return XABI_EXIT_OK;
    }
    printf("run %lld: hypercall page %s, %s at 0x%llx, Xen %s:",
           (long long)r.run_id, xabi_cli_term(ha->path, path, sizeof(path)),
           xabi_guest_type_name(width), v,
           version);
    for ( c = 0; c < XABI_STUB_MAX; c++ )
        if ( nclass[c] )
            printf(" %u %s", nclass[c],
                   xabi_stub_class_name((enum xabi_stub_class)c));
    printf(" (see `xabi check`)\n");
    return XABI_EXIT_OK;
}

#define MAX_DUMPS 64

struct snap_args
{
    const char *paths[MAX_DUMPS];
    size_t n;
    struct xabi_snapshot_text_opts text;
};

/* --phase, --guest-type and --user-mode, by table. */
static int parse_snap_opt(int opt, const char *arg, struct snap_args *sa)
{
    static const struct { int opt; const char *word; int value; } words[] = {
        { 'p', "initial", XABI_SNAP_INITIAL }, { 'p', "running", XABI_SNAP_RUNNING },
        { 'p', "final", XABI_SNAP_FINAL },      { 't', "PV64", XABI_GUEST_PV64 },
        { 't', "PV32", XABI_GUEST_PV32 },       { 't', "HVM", XABI_GUEST_HVM },
        { 't', "PVH", XABI_GUEST_PVH },         { 'u', "yes", 1 },
        { 'u', "no", 0 },
    };
    size_t i;

    for ( i = 0; i < sizeof(words) / sizeof(words[0]); i++ )
    {
        if ( words[i].opt != opt || strcmp(words[i].word, arg) )
            continue;
        if ( opt == 'p' )
            sa->text.phase = (enum xabi_snap_phase)words[i].value;
        else if ( opt == 't' )
        {
            sa->text.type_known = true;
            sa->text.type = (enum xabi_guest_type)words[i].value;
        }
        else
            sa->text.user_mode_seen = words[i].value;
        return 0;
    }
    return -1;
}

static int collect_snapshots(const char *db, struct snap_args *sa,
                             const char *version,
                             const struct xabi_collect_opts *co, bool json)
{
    char path[XABI_CLI_TERM_MAX];
    struct xabi_snapshot_collect_opts o = {
        sa->paths, sa->n, version, co->label, sa->text, co->replace,
    };
    struct xabi_collect_result r;
    struct xabi_store *st = NULL;
    char err[2048];

    if ( xabi_cli_store_open(db, XABI_STORE_WRITE, &st) )
    {
        xabi_cli_error("%s", xabi_store_errmsg(st));
        xabi_store_abandon(st);
        return XABI_EXIT_ERROR;
    }
    if ( xabi_collect_snapshots(st, &o, &r, err, sizeof(err)) )
    {
        xabi_store_abandon(st);
        return xabi_cli_error("%s", err);
    }
    xabi_store_close(st);
    if ( json )
    {
        size_t i;

        if ( json_head("snapshot", sa->paths[0], version, &r) )
            return XABI_EXIT_OK;
        fputs(", \"dumps\": [", stdout);
        for ( i = 0; i < sa->n; i++ )
        {
            fputs(i ? ", " : "", stdout);
            xabi_cli_json_string(stdout, sa->paths[i]);
        }
        puts("]}");
        return XABI_EXIT_OK;
    }
    say_replaced(&r);
    if ( r.already )
        printf("%s: already collected as run %lld; nothing changed\n",
               xabi_cli_term(sa->paths[0], path, sizeof(path)),
               (long long)r.run_id);
    else
        printf("run %lld: %zu vCPU snapshot%s, Xen %s (see `xabi check`)\n",
               (long long)r.run_id, sa->n, sa->n == 1 ? "" : "s", version);
    return XABI_EXIT_OK;
}

/* --save FILE: an xl save image. */
static int collect_save(const char *db, const char *path, const char *version,
                        const char *domain, enum xabi_snap_phase phase,
                        const struct xabi_collect_opts *co, bool json)
{
    char term[XABI_CLI_TERM_MAX], *end;
    struct xabi_save_collect_opts o = {
        .path = path, .xen_version = version, .label = co->label,
        .read = { .domid = XABI_UNKNOWN, .phase = phase },
        .replace = co->replace,
    };
    struct xabi_collect_result r;
    struct xabi_store *st = NULL;
    char err[2048];
    const char *v;

    if ( domain )
    {
        unsigned long d;

        errno = 0;
        d = strtoul(domain, &end, 0);
        if ( errno || end == domain || *end || d > 0x7fef )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "--domain '%s': expected the domain "
                                        "id the guest had", domain);
        o.read.domid = (int32_t)d;
    }
    if ( xabi_cli_store_open(db, XABI_STORE_WRITE, &st) )
    {
        xabi_cli_error("%s", xabi_store_errmsg(st));
        xabi_store_abandon(st);
        return XABI_EXIT_ERROR;
    }
    if ( xabi_collect_save(st, &o, &r, err, sizeof(err)) )
    {
        xabi_store_abandon(st);
        return xabi_cli_error("%s", err);
    }
    xabi_store_close(st);
    if ( json )
    {
        if ( r.warning[0] )
            warn(r.warning);
        /* Stored as a snapshot run, as the dumps are; "from" says of what. */
        if ( !json_head("snapshot", path, version ? version : r.xen_version,
                        &r) )
            printf(", \"from\": \"xl save\", \"bytes\": %llu, "
                   "\"vcpus\": %u}\n",
                   (unsigned long long)r.bytes, r.vcpus);
        return XABI_EXIT_OK;
    }
    say_replaced(&r);
    v = xabi_cli_term(path, term, sizeof(term));
    if ( r.already )
        printf("%s: already collected as run %lld; nothing changed\n", v,
               (long long)r.run_id);
    else
        printf("run %lld: %u vCPU snapshot%s from the save image %s (see "
               "`xabi check`)\n", (long long)r.run_id, r.vcpus,
               r.vcpus == 1 ? "" : "s", v);
    if ( r.warning[0] )
        warn(r.warning);
    return XABI_EXIT_OK;
}

#define MAX_LIVE_DOMAINS 16

struct live_args
{
    bool live;
    struct xabi_live_opts o;
    const char *domains[MAX_LIVE_DOMAINS];
    const char *events;
};

static int collect_live(const char *db, struct live_args *la, bool json)
{
    char path[XABI_CLI_TERM_MAX];
    struct xabi_collect_result r;
    struct xabi_store *st = NULL;
    int64_t kernel_run = 0;
    char err[2048];

    la->o.domains = la->domains;
    if ( xabi_live_event_mask(la->events ? la->events : "pv,hvm,sched,dom0op",
                              &la->o.event_mask, err, sizeof(err)) )
        return xabi_cli_usage_error(&xabi_cmd_collect, "%s", err);
    /* Before the database is touched: a machine without Xen says so. */
    if ( xabi_live_probe(err, sizeof(err)) )
        return xabi_cli_error("%s", err);
    if ( xabi_cli_store_open(db, XABI_STORE_WRITE, &st) )
    {
        xabi_cli_error("%s", xabi_store_errmsg(st));
        xabi_store_abandon(st);
        return XABI_EXIT_ERROR;
    }
    if ( xabi_collect_live(st, &la->o, &r, &kernel_run, err, sizeof(err)) )
    {
        xabi_store_abandon(st);
        return xabi_cli_error("%s", err);
    }
    xabi_store_close(st);
    if ( r.warning[0] )
        warn(r.warning);
    if ( json )
    {
        /* One object, as every collect --json prints: the trace's fields,
         * then the run of the kernel's notes (null without --kernel). */
        json_head("live", "xentrace", r.xen_version, &r);
        json_trace_fields(&r);
        if ( kernel_run )
            printf(", \"kernel_run\": %lld}\n", (long long)kernel_run);
        else
            puts(", \"kernel_run\": null}");
        return XABI_EXIT_OK;
    }
    printf("run %lld: live, Xen %s, %llu bytes from xentrace, %llu records, "
           "%s (see `xabi stats` and `xabi check`)\n",
           (long long)r.run_id, r.xen_version, (unsigned long long)r.bytes,
           (unsigned long long)r.records, run_status[r.status]);
    say_lost(&r);
    if ( kernel_run )
        printf("run %lld: the Xen ELF notes of %s\n", (long long)kernel_run,
               xabi_cli_term(la->o.kernel, path, sizeof(path)));
    return XABI_EXIT_OK;
}

/* The options of --live; 0 if opt was one. */
static int parse_live_opt(int opt, const char *arg, struct live_args *la)
{
    double *secs = opt == 'd' ? &la->o.duration : &la->o.interval;

    switch ( opt )
    {
    case 'D':
        if ( la->o.ndomains == MAX_LIVE_DOMAINS )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "at most %d --domain options",
                                        MAX_LIVE_DOMAINS);
        la->domains[la->o.ndomains++] = arg;
        return 0;
    case 'd':
    case 'i':
        if ( xabi_live_parse_duration(arg, secs) )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "'%s' is not a duration such as 30s, "
                                        "2m or 1h", arg);
        return 0;
    case 'e': la->events = arg; return 0;
    case 's': la->o.start = true; return 0;
    case 'k': la->o.kernel = arg; return 0;
    case 'x': la->o.xentrace = arg; return 0;
    case 'w': la->o.save_trace = arg; return 0;
    }
    return -1;
}

static int run(int argc, char **argv)
{
    enum { O_XEN = 256, O_DB, O_LABEL, O_KEEP, O_SALVAGE, O_NOPROG, O_IMAGE,
           O_SNAP, O_PHASE, O_TYPE, O_USER, O_LIVE, O_DOMAIN, O_DURATION,
           O_INTERVAL, O_EVENTS, O_START, O_KERNEL, O_XENTRACE, O_HCPAGE,
           O_VA, O_SAVE, O_REPLACE, O_SRCNAME, O_JSON, O_XLSAVE };
    static const struct option longopts[] = {
        { "xen-version", required_argument, NULL, O_XEN },
        { "db", required_argument, NULL, O_DB },
        { "label", required_argument, NULL, O_LABEL },
        { "keep-all", no_argument, NULL, O_KEEP },
        { "salvage", no_argument, NULL, O_SALVAGE },
        { "no-progress", no_argument, NULL, O_NOPROG },
        { "image", required_argument, NULL, O_IMAGE },
        { "snapshot", required_argument, NULL, O_SNAP },
        { "phase", required_argument, NULL, O_PHASE },
        { "guest-type", required_argument, NULL, O_TYPE },
        { "user-mode", required_argument, NULL, O_USER },
        { "live", no_argument, NULL, O_LIVE },
        { "domain", required_argument, NULL, O_DOMAIN },
        { "duration", required_argument, NULL, O_DURATION },
        { "snapshot-interval", required_argument, NULL, O_INTERVAL },
        { "events", required_argument, NULL, O_EVENTS },
        { "start", no_argument, NULL, O_START },
        { "kernel", required_argument, NULL, O_KERNEL },
        { "xentrace", required_argument, NULL, O_XENTRACE },
        { "save-trace", required_argument, NULL, O_SAVE },
        { "hypercall-page", required_argument, NULL, O_HCPAGE },
        { "va", required_argument, NULL, O_VA },
        { "replace", no_argument, NULL, O_REPLACE },
        { "source-name", required_argument, NULL, O_SRCNAME },
        { "json", no_argument, NULL, O_JSON },
        { "save", required_argument, NULL, O_XLSAVE },
        { NULL, 0, NULL, 0 },
    };
    struct xabi_collect_opts o = { 0 };
    struct snap_args sa = { .text = { .user_mode_seen = -1 } };
    struct live_args la = { 0 };
    static const struct { int opt; char code; } live_opts[] = {
        { O_DOMAIN, 'D' }, { O_DURATION, 'd' }, { O_INTERVAL, 'i' },
        { O_EVENTS, 'e' }, { O_START, 's' },    { O_KERNEL, 'k' },
        { O_XENTRACE, 'x' },   { O_SAVE, 'w' },
    };
    size_t i;
    struct hcpage_args ha = { 0 };
    const char *db = NULL, *version = NULL, *image = NULL, *save = NULL;
    char ver[16];
    bool json = false, phase_set = false;
    int c;

    o.progress = isatty(STDERR_FILENO);
    optind = 1;
    opterr = 0;
    while ( (c = getopt_long(argc, argv, "", longopts, NULL)) != -1 )
    {
        switch ( c )
        {
        case O_XEN: version = optarg; break;
        case O_DB: db = optarg; break;
        case O_LABEL: o.label = optarg; break;
        case O_KEEP: o.keep_all = true; break;
        case O_SALVAGE: o.salvage = true; break;
        case O_NOPROG: o.progress = false; break;
        case O_REPLACE: o.replace = true; break;
        case O_SRCNAME: o.source_name = optarg; break;
        case O_JSON: json = true; break;
        case O_IMAGE: image = optarg; break;
        case O_LIVE: la.live = true; break;
        case O_DOMAIN:
        case O_DURATION:
        case O_INTERVAL:
        case O_EVENTS:
        case O_START:
        case O_KERNEL:
        case O_XENTRACE:
        case O_SAVE:
            for ( i = 0; live_opts[i].opt != c; i++ )
                ;
            if ( parse_live_opt(live_opts[i].code, optarg, &la) )
                return XABI_EXIT_USAGE;
            break;
        case O_HCPAGE: ha.path = optarg; break;
        case O_XLSAVE: save = optarg; break;
        case O_VA: ha.va = optarg; break;
        case O_SNAP:
            if ( sa.n == MAX_DUMPS )
                return xabi_cli_usage_error(&xabi_cmd_collect,
                                            "at most %d dumps at a time",
                                            MAX_DUMPS);
            sa.paths[sa.n++] = optarg;
            break;
        case O_PHASE:
        case O_TYPE:
        case O_USER:
            if ( parse_snap_opt(c == O_PHASE ? 'p' : c == O_TYPE ? 't' : 'u',
                                optarg, &sa) )
                return xabi_cli_usage_error(
                    &xabi_cmd_collect, "%s '%s': not one of %s",
                    c == O_PHASE  ? "--phase"
                    : c == O_TYPE ? "--guest-type"
                                  : "--user-mode",
                    optarg,
                    c == O_PHASE  ? "initial, running, final"
                    : c == O_TYPE ? "PV64, PV32, HVM, PVH"
                                  : "yes, no");
            phase_set |= c == O_PHASE;
            break;
        default:
            return xabi_cli_bad_option(&xabi_cmd_collect, argv[optind - 1]);
        }
    }
    db = xabi_cli_db(db);
    if ( o.source_name && (la.live || ha.path || sa.n || image || save) )
        return xabi_cli_usage_error(&xabi_cmd_collect,
                                    "--source-name goes with a trace FILE");
    if ( o.replace && la.live )
        return xabi_cli_usage_error(&xabi_cmd_collect,
                                    "--replace: a live run is new by nature");
    if ( o.source_name && !*o.source_name )
        return xabi_cli_usage_error(&xabi_cmd_collect,
                                    "--source-name: an empty name");
    if ( version && xabi_version_release(version, ver, sizeof(ver)) )
        return xabi_cli_usage_error(&xabi_cmd_collect,
                                    "--xen-version '%s': expected a "
                                    "version such as 4.17",
                                    version);
    if ( la.live )
    {
        if ( optind != argc || image || sa.n || version || save )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "--live takes no FILE, --image, "
                                        "--snapshot or --xen-version: the "
                                        "host says which Xen it runs");
        la.o.label = o.label;
        la.o.progress = o.progress;
        return collect_live(db, &la, json);
    }
    if ( save )
    {
        if ( optind != argc || image || sa.n || ha.path || ha.va ||
             la.o.duration > 0 || la.o.interval > 0 || la.events ||
             la.o.start || la.o.kernel || la.o.xentrace || la.o.save_trace ||
             la.o.ndomains > 1 || sa.text.type_known ||
             sa.text.user_mode_seen != -1 )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "--save takes one image and no "
                                        "other source; of the other "
                                        "options, --xen-version, one "
                                        "--domain and --phase");
        return collect_save(db, save, version ? ver : NULL,
                            la.o.ndomains ? la.domains[0] : NULL,
                            phase_set ? sa.text.phase : XABI_SNAP_FINAL, &o,
                            json);
    }
    if ( ha.path )
    {
        if ( la.o.ndomains > 1 )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "--hypercall-page: one --domain");
        ha.domain = la.o.ndomains ? la.domains[0] : NULL;
        if ( optind != argc || image || sa.n )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "--hypercall-page takes no FILE, "
                                        "--image or --snapshot besides its "
                                        "own");
        if ( !version )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "--xen-version is required: a page "
                                        "dump does not say which Xen wrote "
                                        "it");
        if ( sa.text.type_known && sa.text.type != XABI_GUEST_PV64 &&
             sa.text.type != XABI_GUEST_PV32 )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "--hypercall-page: --guest-type is "
                                        "PV64 or PV32");
        return collect_hcpage(db, &ha,
                              sa.text.type_known ? sa.text.type
                                                 : XABI_GUEST_PV64,
                              ver, &o, json);
    }
    if ( ha.va )
        return xabi_cli_usage_error(&xabi_cmd_collect,
                                    "--va goes with --hypercall-page");
    if ( la.o.ndomains || la.o.duration > 0 || la.o.interval > 0 ||
         la.events || la.o.start || la.o.kernel || la.o.xentrace ||
         la.o.save_trace )
        return xabi_cli_usage_error(&xabi_cmd_collect,
                                    "--domain, --duration, "
                                    "--snapshot-interval, --events, "
                                    "--start, --kernel, --xentrace and "
                                    "--save-trace go with --live (--domain "
                                    "also with --hypercall-page)");
    if ( sa.n )
    {
        if ( optind != argc || image )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "--snapshot takes no FILE or "
                                        "--image besides its own");
        if ( !version )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "--xen-version is required: a dump "
                                        "does not say which Xen it came "
                                        "from");
        return collect_snapshots(db, &sa, ver, &o, json);
    }
    if ( image )
    {
        if ( optind != argc )
            return xabi_cli_usage_error(&xabi_cmd_collect,
                                        "--image takes no FILE besides "
                                        "its own");
        return collect_image(db, image, version ? ver : NULL, &o, json);
    }
    if ( optind != argc - 1 )
        return xabi_cli_usage_error(&xabi_cmd_collect,
                                    optind >= argc ? "no FILE given"
                                                   : "one FILE at a time");
    o.path = argv[optind];
    if ( !version )
        return xabi_cli_usage_error(&xabi_cmd_collect,
                                    "--xen-version is required: a trace "
                                    "does not say which Xen wrote it");
    o.xen_version = ver;
    return collect_trace(db, &o, json);
}

const struct xabi_cli_cmd xabi_cmd_collect = {
    .name = "collect",
    .summary = "read a xentrace trace into the database",
    .usage = usage,
    .run = run,
};
