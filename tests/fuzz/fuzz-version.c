/*
 * fuzz-version.c: abi/'s Xen version parser (xabi_version_valid,
 * xabi_version_release, xabi_version_cmp) and the per-release hypercall
 * tables it keys (xabi_abi_hypercall_allowed), on any bytes.  Whatever
 * xabi_version_release accepts must be a valid version whose series is
 * "M.N" and compares equal to it; a table lookup never reads past one.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/abi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1), series[16];
    struct xabi_hc_wiring w;
    const char *cite;
    unsigned g;
    int64_t nr = size ? (int64_t)(int8_t)data[0] : 0;

    if ( !s )
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    if ( xabi_version_release(s, series, sizeof(series)) == 0 )
    {
        unsigned major, minor;
        char tail;

        if ( !xabi_version_valid(s) ||
             sscanf(series, "%u.%u%c", &major, &minor, &tail) != 2 ||
             xabi_version_cmp(s, series) != 0 )
            abort();
    }
    for ( g = 0; g <= XABI_HC_GUESTS; g++ )
    {
        enum xabi_hc_allowed a = xabi_abi_hypercall_allowed(
            s, (enum xabi_hc_guest)g, nr, &cite);

        if ( (a == XABI_HC_UNKNOWN_VERSION) != (cite == NULL) )
            abort();
    }
    if ( xabi_abi_hypercall_wiring(s, nr, &w) == 0 &&
         (!w.cite_pv || !w.cite_hvm) )
        abort();
    (void)xabi_version_cmp(s, "4.17");
    free(s);
    return 0;
}
