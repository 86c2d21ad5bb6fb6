/*
 * fuzz-image.c: libFuzzer target for kernel images (collector/image.c and
 * the payload decompressors): any bytes must give notes or a message, never
 * a crash, an out-of-bounds read or a leak.  The first byte chooses whether
 * the rest is taken as it is or wrapped in a bzImage setup header, so the
 * decompressors are reached too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collector/collector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A bzImage around payload: setup_sects 1, protocol 2.15, the payload at
 * 1024 with its length as given. */
static unsigned char *wrap(const uint8_t *p, size_t n, size_t *len)
{
    unsigned char *b = calloc(1, 1024 + n + 1);

    if ( !b )
        return NULL;
    b[0x1f1] = 1;
    memcpy(b + 0x202, "HdrS", 4);
    b[0x206] = 0x0f;
    b[0x207] = 0x02;
    b[0x24c] = n & 0xff;
    b[0x24d] = (n >> 8) & 0xff;
    b[0x24e] = (n >> 16) & 0xff;
    memcpy(b + 1024, p, n);
    *len = 1024 + n;
    return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xabi_image *im = NULL;
    const struct xabi_image_note *notes;
    unsigned char *buf = NULL;
    size_t len, i, n;

    if ( size < 1 )
        return 0;
    if ( data[0] & 1 )
        buf = wrap(data + 1, size - 1, &len);
    if ( xabi_image_open_mem(buf ? buf : data + 1, buf ? len : size - 1,
                             "fuzz", &im) == 0 )
    {
        n = xabi_image_notes(im, &notes);
        for ( i = 0; i < n; i++ )
        {
            /* Every note's descriptor must lie in memory we may read. */
            volatile unsigned char sink = 0;
            size_t k;

            for ( k = 0; k < notes[i].size; k++ )
                sink ^= notes[i].raw[k];
            (void)sink;
        }
    }
    xabi_image_close(im);
    free(buf);
    return 0;
}
