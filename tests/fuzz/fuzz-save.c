/*
 * fuzz-save.c: libFuzzer target for the `xl save` image reader
 * (collector/save.c).  Any bytes must give either snapshots or a message
 * naming the file and a byte offset, never a crash, an out-of-bounds read
 * or a leak.  The reader takes a regular file (it reads back GDT frames
 * after the first pass), so each input is written to one scratch file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector/save.h"
#include "tests/fuzz/fuzz-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    struct xabi_save_opts o = { .domid = XABI_UNKNOWN,
                                .phase = XABI_SNAP_FINAL };
    struct xabi_save_image *img = NULL;
    char err[1024];
    size_t k;

    if ( fd < 0 )
    {
        char path[] = "/tmp/xabi-fuzz-save-XXXXXX";

        fd = mkstemp(path);
        CHECK(fd >= 0);
        unlink(path);
    }
    CHECK(ftruncate(fd, 0) == 0);
    CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);
    if ( xabi_save_read(fd, "fuzz", &o, &img, err, sizeof(err)) )
    {
        CHECK(img == NULL);
        CHECK(!strncmp(err, "fuzz: ", 6));
        return 0;
    }
    CHECK(img && img->nsnaps > 0 && img->end_offset <= size);
    for ( k = 0; k < img->nsnaps; k++ )
    {
        const struct xabi_snapshot *s = &img->snaps[k];

        CHECK(s->ntraps <= 256);
        CHECK(!s->gdt || s->ngdt <= 16 * 512);
        if ( s->gdt && s->ngdt )
            CHECK(s->gdt[s->ngdt - 1] == s->gdt[s->ngdt - 1]);
    }
    xabi_save_free(img);
    return 0;
}
