/*
 * fuzz-snapshot-text.c: libFuzzer target for the recorded-dump loader
 * (collector/snapshot-text.c).  Any input must parse or fail with a
 * message; never crash, read out of bounds or leak.  Seeds: the real dumps
 * of tests/data/snapshots.  Standalone build:
 *   clang -std=c11 -D_DEFAULT_SOURCE -I. -fsanitize=fuzzer,address,undefined \
 *       tests/fuzz/fuzz-snapshot-text.c collector/snapshot-text.c
 */
#include <stddef.h>
#include <stdint.h>

#include "collector/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xabi_snapshot_text_opts o = { false, XABI_GUEST_PV64,
                                         XABI_SNAP_RUNNING, -1 };
    struct xabi_snapshot *s = NULL;
    char err[256];

    if ( xabi_snapshot_text_parse((const char *)data, size, "fuzz", &o, &s,
                                  err, sizeof(err)) == 0 )
        xabi_snapshot_text_free(s);
    return 0;
}
