/*
 * fuzz-hcpage.c: libFuzzer target for the hypercall page disassembler
 * (collector/hcpage.c, Capstone underneath).  Any 4096 bytes must give 128
 * classified stubs whose instructions stay inside their stub, never a
 * crash, an out-of-bounds read or a leak; any other length a message.
 *
 * The first byte chooses the width (bit 0: PV32) and whether the input is
 * used as it is (bit 1) or laid over a page Xen would write (so mutations
 * start from real stubs); the rest is the page.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collector/hcpage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A page as Xen writes it for PV64 (push/pop around syscall) or PV32. */
static void xen_page(uint8_t *page, bool pv32)
{
    uint32_t n;

    memset(page, 0xcc, XABI_HCPAGE_SIZE);
    for ( n = 0; n < XABI_HCPAGE_NSTUBS; n++ )
    {
        uint8_t *p = page + n * XABI_HCPAGE_STUB;
        size_t k = 0;

        if ( pv32 && n == XABI_HYPERVISOR_IRET )
            p[k++] = 0x50; /* push %eax */
        else if ( !pv32 )
        {
            p[k++] = 0x51;                /* push %rcx */
            p[k++] = 0x41, p[k++] = 0x53; /* push %r11 */
            if ( n == XABI_HYPERVISOR_IRET )
                p[k++] = 0x50; /* push %rax */
        }
        p[k++] = 0xb8; /* mov $n,%eax */
        memcpy(p + k, &n, 4), k += 4;
        if ( pv32 )
            p[k++] = 0xcd, p[k++] = 0x82; /* int $0x82 */
        else
            p[k++] = 0x0f, p[k++] = 0x05; /* syscall */
        if ( n == XABI_HYPERVISOR_IRET )
            continue;
        if ( !pv32 )
            p[k++] = 0x41, p[k++] = 0x5b, p[k++] = 0x59; /* pop r11, rcx */
        p[k++] = 0xc3;                                   /* ret */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t page[XABI_HCPAGE_SIZE];
    struct xabi_hcpage *pg = NULL;
    enum xabi_guest_type width;
    const uint8_t *in = data + 1;
    size_t len, i;
    char err[512], text[1024];

    if ( size < 1 )
        return 0;
    width = data[0] & 1 ? XABI_GUEST_PV32 : XABI_GUEST_PV64;
    len = size - 1;
    if ( !(data[0] & 2) )
    {
        xen_page(page, width == XABI_GUEST_PV32);
        memcpy(page, in, len < sizeof(page) ? len : sizeof(page));
        in = page;
        len = sizeof(page);
    }
    if ( xabi_hcpage_disasm(in, len, 0xffffffff81001000ull, width, "fuzz", &pg,
                            err, sizeof(err)) )
    {
        if ( len == XABI_HCPAGE_SIZE || !strstr(err, "fuzz: offset ") )
            abort(); /* a page is always decoded; a message names offset */
        return 0;
    }
    for ( i = 0; i < XABI_HCPAGE_NSTUBS; i++ )
    {
        const struct xabi_hcpage_stub *s = &pg->stubs[i];
        unsigned k, used = 0;

        if ( s->idx != i || s->cls >= XABI_STUB_MAX ||
             s->ninsn > XABI_HCPAGE_MAXINSN )
            abort();
        for ( k = 0; k < s->ninsn; k++ )
        {
            if ( s->insn[k].offset != used || !s->insn[k].size )
                abort();
            used += s->insn[k].size;
        }
        if ( used > XABI_HCPAGE_STUB ||
             (s->undecoded ? s->undecoded_at != used
                           : used != XABI_HCPAGE_STUB) )
            abort();
        if ( (s->cls == XABI_STUB_HYPERCALL || s->cls == XABI_STUB_IRET) !=
             (s->layout != NULL) )
            abort();
        xabi_hcpage_stub_text(s, text, sizeof(text));
    }
    xabi_hcpage_free(pg);
    return 0;
}
