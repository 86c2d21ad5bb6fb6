/*
 * fuzz-collect.c: libFuzzer target for the whole collect path.
 *
 * The input is a trace file, or one compressed with xz, zstd or gzip (the
 * collector decompresses those as it reads; run.sh seeds all three).  It
 * is written to a file and collected with
 * xabi_collect_trace into a scratch database, three ways: as `xabi
 * collect` does, with --salvage, and with --keep-all and a tiny merge
 * buffer.  That runs the reader, attribution, every decoder, the
 * aggregates and every store writer on whatever the fuzzer makes.
 *
 * The scratch database lives on /dev/shm when there is one (fsync is
 * what a collect spends its time on otherwise) and is made afresh every
 * few hundred inputs so it does not grow without bound.  The catalogue
 * is whatever schema/ holds, so the target adds its own Xen version,
 * "fuzz", with sqlite3 directly.
 *
 * Besides "never crash", the target traps when collect breaks a promise:
 * a failure without a message naming the file and a byte offset, or a
 * success with no run.  A run collected is then read back by the rules
 * over the facts decoded from guest-chosen words (DOM-001: the domain,
 * vCPU and reason of a shutdown record), which must not fail.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/analyzer.h"
#include "collector/collector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "tests/fuzz/fuzz-check.h"

#define FRESH_EVERY 256

static char dir[64];
static char db_path[128];
static char trace_path[128];
static struct xabi_store *st;
static unsigned uses;

static void fresh_store(void)
{
    sqlite3 *db;

    xabi_store_close(st);
    st = NULL;
    unlink(db_path);
    if ( xabi_store_open(db_path, &st) )
    {
        fprintf(stderr, "fuzz-collect: %s\n", xabi_store_errmsg(st));
        abort();
    }
    CHECK(sqlite3_open(db_path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "INSERT OR IGNORE INTO abi_version (version, source) "
                       "VALUES ('fuzz', 'fuzz-collect')",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    uses = 0;
}

static void cleanup(void)
{
    xabi_store_close(st);
    unlink(db_path);
    unlink(trace_path);
    rmdir(dir);
}

static void setup(void)
{
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

    snprintf(dir, sizeof(dir), "%s/xabi-fuzz-collect-XXXXXX", base);
    if ( !mkdtemp(dir) )
        abort();
    snprintf(db_path, sizeof(db_path), "%s/xabi.db", dir);
    snprintf(trace_path, sizeof(trace_path), "%s/trace.bin", dir);
    atexit(cleanup);
    fresh_store();
}

static int no_finding(void *ctx, const struct xabi_finding *f)
{
    (void)ctx;
    CHECK(f->message != NULL);
    return 0;
}

/* The rules that read decoded words back; any status but 0 is a bug. */
static void analyze(int64_t run_id)
{
    static const char *const ids[] = { "DOM-001" };
    const struct xabi_rule *rules[1];
    struct xabi_check_summary sum;
    char err[1024];
    size_t i;

    for ( i = 0; i < 1; i++ )
        CHECK((rules[i] = xabi_rule_find(ids[i])) != NULL);
    CHECK(xabi_analyze(st, run_id, rules, 1, no_finding, NULL, &sum, err,
                       sizeof(err)) == 0);
}

static void collect(bool salvage, bool keep_all, size_t merge_limit)
{
    struct xabi_collect_opts o = {
        .path = trace_path,
        .xen_version = "fuzz",
        .salvage = salvage,
        .keep_all = keep_all,
        .merge_limit = merge_limit,
    };
    struct xabi_collect_result res;
    char err[1024];

    if ( xabi_collect_trace(st, &o, &res, err, sizeof(err)) )
    {
        CHECK(strstr(err, trace_path) != NULL);
        CHECK(strstr(err, "offset ") != NULL);
    }
    else
    {
        CHECK(res.run_id > 0);
        if ( !res.already )
            analyze(res.run_id);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f;

    if ( !st )
        setup();
    if ( ++uses > FRESH_EVERY )
        fresh_store();
    f = fopen(trace_path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, size, f) == size);
    CHECK(fclose(f) == 0);
    collect(false, false, 0);
    collect(true, false, 0);
    collect(false, true, 64);
    return 0;
}
