/*
 * fuzz-live-args.c: the parsers of `collect --live`'s own arguments,
 * --duration and --snapshot-interval (xabi_live_parse_duration) and
 * --events (xabi_live_event_mask), on any bytes.  Whatever they accept
 * must be a duration in (0, 1 day) and a mask inside TRC_ALL with the
 * scheduler class set.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collector/live.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1), err[256];
    double secs = -1;
    uint32_t mask = 0;

    if ( !s )
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    if ( xabi_live_parse_duration(s, &secs) == 0 &&
         !(secs > 0 && secs < 86400) )
        abort();
    if ( xabi_live_event_mask(s, &mask, err, sizeof(err)) == 0 &&
         ((mask & ~0x0fffffffu) || (mask & 0x0002f000u) != 0x0002f000u) )
        abort();
    free(s);
    return 0;
}
