/*
 * fuzz-abi-import.c: libFuzzer target for the header importer.
 *
 * The first byte picks which header the rest is parsed as (each header
 * has its own prefixes and kinds) and whether an interface version is
 * known first (so the #if __XEN_INTERFACE_VERSION__ decisions run).  The
 * parser must accept any bytes: no crash, no leak, no undefined behaviour.
 * The result is then diffed against itself, which must find nothing.
 *
 * Build it with every .c file of abi/ (AB below):
 *
 *   AB=$(ls abi/[a-z]*.c)
 *   clang -std=c11 -D_DEFAULT_SOURCE -I. -g -O1 \
 *       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *       tests/fuzz/fuzz-abi-import.c $AB -o build-fuzz/fuzz-abi-import
 *   build-fuzz/fuzz-abi-import -max_total_time=60 -max_len=65536
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "abi/abi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const headers[] = {
    "xen.h", "xen-compat.h", "arch-x86/xen.h", "arch-x86/xen-x86_32.h",
    "arch-x86/xen-x86_64.h", "elfnote.h", "callback.h", "trace.h",
    "sched.h", "vcpu.h", "memory.h", "grant_table.h", "physdev.h",
    "event_channel.h", "domctl.h", "sysctl.h", "arch-x86/xen-mca.h",
};

static int no_change(void *ctx, const struct xabi_change *c)
{
    (void)ctx;
    (void)c;
    abort(); /* a version differs from itself: a bug */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char compat[] =
        "#define __XEN_LATEST_INTERFACE_VERSION__ 0x00040e00\n";
    /* What an arch header's hypercall names (xen-mca.h: arch_0). */
    static const char xen_h[] = "#define __HYPERVISOR_arch_0 48\n";
    size_t nheaders = sizeof(headers) / sizeof(headers[0]);
    struct xabi_abi *abi;
    const char *header;

    if ( size < 1 )
        return 0;
    abi = xabi_abi_new();
    if ( !abi )
        return 0;
    header = headers[(data[0] & 0x7f) % nheaders];
    /* Not twice: one header defines each name once. */
    if ( (data[0] & 0x80) && strcmp(header, "xen-compat.h") != 0 )
        xabi_abi_parse_file(abi, "xen-compat.h", compat, sizeof(compat) - 1);
    if ( strcmp(header, "arch-x86/xen-mca.h") == 0 )
        xabi_abi_parse_file(abi, "xen.h", xen_h, sizeof(xen_h) - 1);
    xabi_abi_parse_file(abi, header, (const char *)data + 1, size - 1);
    xabi_abi_diff(abi, abi, no_change, NULL);
    xabi_abi_free(abi);
    return 0;
}
