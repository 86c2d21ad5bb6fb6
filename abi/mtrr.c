/*
 * mtrr.c: the x86 MTRRs as a vCPU's save record holds them, decoded.
 *
 * The encodings are the architecture's (Intel SDM Vol. 3A, 12.11 "Memory
 * Type Range Registers"; AMD APM Vol. 2, 7.7): IA32_MTRR_DEF_TYPE holds
 * the default type in bits 0-7, FE (the fixed ranges enabled) in bit 10
 * and E (the MTRRs enabled) in bit 11; each variable range is a PHYSBASE
 * (type in bits 0-7) and PHYSMASK (V, the range valid, in bit 11) pair;
 * each of the 11 fixed-range MSRs holds eight one-byte types for the
 * first megabyte.  With E clear every address is UC.
 *
 * Xen saves them per vCPU as struct hvm_hw_mtrr, HVM_SAVE_CODE(MTRR) = 14
 * (xen/include/public/arch-x86/hvm/save.h, the same from RELEASE-4.2.0 to
 * RELEASE-4.20.0): msr_pat_cr, msr_mtrr_var[MTRR_VCNT * 2] as base/mask
 * pairs with MTRR_VCNT = 8, msr_mtrr_fixed[NUM_FIXED_MSR = 11],
 * msr_mtrr_cap, msr_mtrr_def_type.
 */
#include "abi/abi.h"

#include <stdio.h>

#define DEF_TYPE(d) ((unsigned)((d) & 0xff))
#define DEF_FE(d) (((d) >> 10) & 1)
#define DEF_E(d) (((d) >> 11) & 1)
#define MASK_V(m) (((m) >> 11) & 1)

const char *xabi_mtrr_type_name(unsigned type)
{
    switch ( type )
    {
    case XABI_MTRR_UC: return "UC";
    case 1: return "WC";
    case 4: return "WT";
    case 5: return "WP";
    case XABI_MTRR_WB: return "WB";
    default: return "reserved";
    }
}

void xabi_mtrr_def_type_text(uint64_t def_type, char *buf, size_t n)
{
    snprintf(buf, n, "MTRRdefType %#llx: MTRRs %s, fixed ranges %s, "
             "default type %s (%u)", (unsigned long long)def_type,
             DEF_E(def_type) ? "enabled" : "disabled",
             DEF_FE(def_type) ? "enabled" : "disabled",
             xabi_mtrr_type_name(DEF_TYPE(def_type)), DEF_TYPE(def_type));
}

bool xabi_mtrr_default_wb(uint64_t def_type)
{
    return DEF_E(def_type) && DEF_TYPE(def_type) == XABI_MTRR_WB;
}

int xabi_mtrr_all_wb(uint64_t def_type,
                     const uint64_t var[2 * XABI_MTRR_VAR],
                     const uint64_t fixed[XABI_MTRR_FIXED], char *why,
                     size_t n)
{
    unsigned i, b, valid = 0;

    if ( !DEF_E(def_type) )
    {
        snprintf(why, n, "MTRRdefType %#llx has E clear: the MTRRs are "
                 "disabled, so every address is UC, RAM included",
                 (unsigned long long)def_type);
        return 0;
    }
    if ( DEF_TYPE(def_type) != XABI_MTRR_WB )
    {
        snprintf(why, n, "MTRRdefType %#llx: the default type is %s, so "
                 "which addresses are WB depends on the ranges and the "
                 "memory map", (unsigned long long)def_type,
                 xabi_mtrr_type_name(DEF_TYPE(def_type)));
        return -1;
    }
    for ( i = 0; i < XABI_MTRR_VAR; i++ )
    {
        if ( !MASK_V(var[2 * i + 1]) )
            continue;
        valid++;
        if ( DEF_TYPE(var[2 * i]) != XABI_MTRR_WB )
        {
            snprintf(why, n, "variable range %u (base %#llx, mask %#llx) "
                     "is %s, so whether RAM is WB depends on the memory "
                     "map", i, (unsigned long long)var[2 * i],
                     (unsigned long long)var[2 * i + 1],
                     xabi_mtrr_type_name(DEF_TYPE(var[2 * i])));
            return -1;
        }
    }
    for ( i = 0; DEF_FE(def_type) && i < XABI_MTRR_FIXED; i++ )
    {
        for ( b = 0; b < 8; b++ )
        {
            unsigned t = (unsigned)(fixed[i] >> (8 * b)) & 0xff;

            if ( t != XABI_MTRR_WB )
            {
                snprintf(why, n, "fixed-range MSR %u (%#llx) gives byte %u "
                         "type %s, so whether RAM below 1 MiB is WB depends "
                         "on the memory map", i,
                         (unsigned long long)fixed[i], b,
                         xabi_mtrr_type_name(t));
                return -1;
            }
        }
    }
    snprintf(why, n, "MTRRdefType %#llx: MTRRs enabled, default type WB, "
             "%u valid variable range%s%s, fixed ranges %s: every address "
             "is WB, so every RAM region is",
             (unsigned long long)def_type, valid, valid == 1 ? "" : "s",
             valid ? ", all WB" : "",
             DEF_FE(def_type) ? "enabled, all WB" : "disabled");
    return 1;
}
