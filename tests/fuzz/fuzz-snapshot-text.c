/*
 * fuzz-snapshot-text.c: libFuzzer target for the recorded-dump loader
 * (collector/snapshot-text.c).  Any input must parse or fail with a
 * message naming the dump; never crash, read out of bounds or leak.
 * Seeds: the real dumps of tests/data/snapshots.  Built by `make fuzz`
 * (tests/fuzz/fuzz.mk: SNAP_SRC).
 *
 * What is accepted must be whole, and in range (the loader's promises;
 * the target traps when one is broken):
 *   - every kind: a domain and vCPU below 0x8000; rip, rsp, rflags, cr0,
 *     cr2, cr3 and cr4 read; rflags and cr0 within 32 bits; a kernel_ss
 *     within 16 bits; descriptor-table sizes and the GDT at most 8192;
 *     trap-table entries at most 256, in increasing vector order;
 *   - PV (getctx): the six selectors, kernel_ss and kernel_sp, vm_assist,
 *     the vCPU flags, the GDT and LDT fields, the three callbacks and the
 *     trap table;
 *   - HVM (xen-hvmctx) and PVH (pvhinfo): all eight segments with their
 *     hidden parts, and EFER; PVH also the start info.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "collector/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "tests/fuzz/fuzz-check.h"

#define R(r) (1u << XABI_REG_##r)
#define HAS(s, mask) (((s)->reg_mask & (mask)) == (mask))

static void check_accepted(const struct xabi_snapshot *s)
{
    const uint32_t common = R(RIP) | R(RSP) | R(RFLAGS) | R(CR0) | R(CR2) |
                            R(CR3) | R(CR4);
    const uint32_t pv = R(KERNEL_SS) | R(KERNEL_SP) | R(VM_ASSIST) |
                        R(VCPU_FLAGS) | R(GDT_ENTS) | R(LDT_BASE) |
                        R(LDT_ENTS);
    unsigned i;

    CHECK(s->domid >= 0 && s->domid <= 0x7fff);
    CHECK(s->vcpu >= 0 && s->vcpu <= 0x7fff);
    CHECK(HAS(s, common));
    CHECK(s->reg[XABI_REG_RFLAGS] <= UINT32_MAX);
    CHECK(s->reg[XABI_REG_CR0] <= UINT32_MAX);
    CHECK(!HAS(s, R(KERNEL_SS)) || s->reg[XABI_REG_KERNEL_SS] <= 0xffff);
    CHECK(!HAS(s, R(GDT_ENTS)) || s->reg[XABI_REG_GDT_ENTS] <= 8192);
    CHECK(!HAS(s, R(LDT_ENTS)) || s->reg[XABI_REG_LDT_ENTS] <= 8192);
    CHECK(s->ngdt <= 8192);
    CHECK(s->ntraps <= 256);
    for ( i = 1; i < s->ntraps; i++ )
        CHECK(s->traps[i - 1].vector < s->traps[i].vector);
    switch ( s->type )
    {
    case XABI_GUEST_PV64:
    case XABI_GUEST_PV32:
        for ( i = XABI_SREG_CS; i <= XABI_SREG_GS; i++ )
            CHECK(s->seg[i].known);
        CHECK(HAS(s, pv));
        CHECK(s->cb[XABI_CB_EVENT].known && s->cb[XABI_CB_FAILSAFE].known &&
              s->cb[XABI_CB_SYSCALL].known);
        CHECK(s->traps_read);
        break;
    case XABI_GUEST_PVH:
        CHECK(s->has_start_info);
        /* fall through */
    default:
        for ( i = 0; i < XABI_SREG_MAX; i++ )
            CHECK(s->seg[i].known && s->seg[i].has_hidden);
        CHECK(HAS(s, R(EFER)));
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xabi_snapshot_text_opts o = { false, XABI_GUEST_PV64,
                                         XABI_SNAP_RUNNING, -1 };
    struct xabi_snapshot *s = NULL;
    char err[256];

    if ( xabi_snapshot_text_parse((const char *)data, size, "fuzz", &o, &s,
                                  err, sizeof(err)) == 0 )
    {
        check_accepted(s);
        xabi_snapshot_text_free(s);
    }
    else
        CHECK(strstr(err, "fuzz") != NULL);
    return 0;
}
