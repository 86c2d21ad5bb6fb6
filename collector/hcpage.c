/*
 * hcpage.c: a PV hypercall page, disassembled with Capstone and judged
 * stub by stub against the layouts Xen writes.
 *
 * What Xen writes (facts from Xen's source, by version):
 *
 *   - The whole page is first filled with 0xcc, int3:
 *     xen/arch/x86/x86_64/traps.c: hypercall_page_initialise (4.2-4.9),
 *     xen/arch/x86/pv/hypercall.c: hypercall_page_initialise (4.10-4.12),
 *     xen/arch/x86/domain.c: init_hypercall_page (4.13-4.22).
 *   - PV64 ("ring 3 kernel"), stub N for every N of the 128:
 *     push %rcx; push %r11; mov $N,%eax; syscall; pop %r11; pop %rcx; ret,
 *     14 bytes, in every version from 4.2 to 4.22: the pushes and pops of
 *     rcx and r11, which syscall clobbers, were never dropped.
 *     xen/arch/x86/x86_64/traps.c: hypercall_page_initialise_ring3_kernel
 *     (4.2-4.9), xen/arch/x86/pv/hypercall.c: the same name (4.10-4.12),
 *     pv_ring3_init_hypercall_page (4.13-4.22).
 *   - PV64 stub 23 (__HYPERVISOR_iret), jumped to, never called:
 *     push %rcx; push %r11; push %rax; mov $23,%eax; syscall, 11 bytes.
 *     Up to 4.3 the generic stub was written first and then overwritten,
 *     so its last three bytes (5b 59 c3: pop %rbx; pop %rcx; ret) stayed
 *     behind the syscall; Xen commit fca11da0ec ("Special case
 *     __HYPERVISOR_iret rather more when writing hypercall pages", first
 *     in 4.4) skips the generic write, leaving int3 there.
 *   - PV32 ("ring 1 kernel"): mov $N,%eax; int $0x82; ret, 8 bytes
 *     (HYPERCALL_VECTOR 0x82, xen/include/asm-x86/mach-default/
 *     irq_vectors.h); stub 23: push %eax; mov $23,%eax; int $0x82, also 8
 *     bytes, so the overwrite left nothing behind in any version.
 *     xen/arch/x86/x86_64/compat/traps.c:
 *     hypercall_page_initialise_ring1_kernel (4.2-4.9),
 *     xen/arch/x86/pv/hypercall.c: the same name (4.10-4.12),
 *     pv_ring1_init_hypercall_page (4.13-4.22, under CONFIG_PV32 from 4.14).
 *     A 32-bit Xen 4.2 (xen/arch/x86/x86_32/traps.c, removed in 4.3) wrote
 *     the same ring 1 stubs; its supervisor_mode_kernel ring 0 stubs
 *     (pushf; cli; lcall into Xen) are not in the table: they read as
 *     unexpected.
 *
 * A stub is judged by its instructions, not its bytes: each layout below
 * lists the instructions and operands (Capstone's detail, so independent
 * of syntax), and the rest of the stub must be int3.  The disassembly kept
 * for readers is AT&T syntax: it is the syntax of the comments in Xen's
 * source above and of the guest kernels' hypercall headers, so a stored
 * stub reads like the line of Xen that wrote it.
 *
 * Capstone is the only disassembler, and this the only file that includes
 * it.  Each stub is decoded on its own, 32 bytes at its own address, so an
 * instruction running into the next stub is undecodable, not borrowed.
 */
#include "collector/hcpage.h"
#include "collector/collector-int.h"

#include <capstone/capstone.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tables below read as tables. */
/* clang-format off */

/* An operand a layout expects: none, a register, N, or a fixed value. */
enum imm_kind { IMM_NONE, IMM_N, IMM_FIXED };

struct expect
{
    unsigned id;     /* x86_insn */
    unsigned reg;    /* x86_reg; X86_REG_INVALID: no register operand */
    enum imm_kind imm;
    int64_t value;   /* IMM_FIXED */
};

#define MAX_EXPECT 8

struct layout
{
    const struct xabi_stub_layout_info *info;
    unsigned n;
    struct expect insn[MAX_EXPECT];
};

#define PUSH(r) { X86_INS_PUSH, X86_REG_##r, IMM_NONE, 0 }
#define POP(r)  { X86_INS_POP, X86_REG_##r, IMM_NONE, 0 }
#define MOV_N   { X86_INS_MOV, X86_REG_EAX, IMM_N, 0 }
#define BARE(i) { X86_INS_##i, X86_REG_INVALID, IMM_NONE, 0 }
#define INT82   { X86_INS_INT, X86_REG_INVALID, IMM_FIXED, 0x82 }

#define CITE64 "xen/arch/x86/x86_64/traps.c: " \
    "hypercall_page_initialise_ring3_kernel (4.2-4.9); " \
    "xen/arch/x86/pv/hypercall.c: hypercall_page_initialise_ring3_kernel " \
    "(4.10-4.12), pv_ring3_init_hypercall_page (4.13-)"
#define CITE32 "xen/arch/x86/x86_64/compat/traps.c: " \
    "hypercall_page_initialise_ring1_kernel (4.2-4.9); " \
    "xen/arch/x86/pv/hypercall.c: hypercall_page_initialise_ring1_kernel " \
    "(4.10-4.12), pv_ring1_init_hypercall_page (4.13-); HYPERCALL_VECTOR"

/* The layouts' public face; matchers[] below says how to recognise each. */
static const struct xabi_stub_layout_info infos[] = {
    { "pv64-hypercall", XABI_GUEST_PV64, XABI_STUB_HYPERCALL, "4.2", NULL,
      CITE64, "push %rcx; push %r11; mov $N,%eax; syscall; pop %r11; "
      "pop %rcx; ret" },
    { "pv64-iret", XABI_GUEST_PV64, XABI_STUB_IRET, "4.4", NULL,
      CITE64 "; Xen commit fca11da0ec",
      "push %rcx; push %r11; push %rax; mov $23,%eax; syscall" },
    { "pv64-iret-4.2", XABI_GUEST_PV64, XABI_STUB_IRET, "4.2", "4.3",
      CITE64 " (the generic stub's last 3 bytes left behind)",
      "push %rcx; push %r11; push %rax; mov $23,%eax; syscall; "
      "pop %rbx; pop %rcx; ret" },
    { "pv32-hypercall", XABI_GUEST_PV32, XABI_STUB_HYPERCALL, "4.2", NULL,
      CITE32, "mov $N,%eax; int $0x82; ret" },
    { "pv32-iret", XABI_GUEST_PV32, XABI_STUB_IRET, "4.2", NULL, CITE32,
      "push %eax; mov $23,%eax; int $0x82" },
};

#define NLAYOUTS (sizeof(infos) / sizeof(infos[0]))

/* Newest first within a width and class: the first is the one a stub is
 * explained against when nothing matches. */
static const struct layout matchers[NLAYOUTS] = {
    { &infos[0], 7, { PUSH(RCX), PUSH(R11), MOV_N, BARE(SYSCALL), POP(R11),
                      POP(RCX), BARE(RET) } },
    { &infos[1], 5, { PUSH(RCX), PUSH(R11), PUSH(RAX), MOV_N,
                      BARE(SYSCALL) } },
    { &infos[2], 8, { PUSH(RCX), PUSH(R11), PUSH(RAX), MOV_N, BARE(SYSCALL),
                      POP(RBX), POP(RCX), BARE(RET) } },
    { &infos[3], 3, { MOV_N, INT82, BARE(RET) } },
    { &infos[4], 3, { PUSH(EAX), MOV_N, INT82 } },
};

/* clang-format on */

#define STR_(x) #x
#define STR(x)  STR_(x)

const struct xabi_stub_layout_info *xabi_stub_layouts(size_t *n)
{
    *n = NLAYOUTS;
    return infos;
}

static int hfail(char *err, size_t errlen, const char *name, uint64_t offset,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int hfail(char *err, size_t errlen, const char *name, uint64_t offset,
                 const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    xabi_offset_msg(err, errlen, name, offset, fmt, ap);
    va_end(ap);
    return -1;
}

/* Does Capstone's instruction i do what e says, for stub n? */
static bool insn_matches(const cs_insn *i, const struct expect *e, unsigned n)
{
    const cs_x86 *x = &i->detail->x86;
    unsigned want = (e->reg != X86_REG_INVALID) + (e->imm != IMM_NONE);
    bool reg_ok = e->reg == X86_REG_INVALID, imm_ok = e->imm == IMM_NONE;
    uint8_t k;

    if ( i->id != e->id || x->op_count != want )
        return false;
    for ( k = 0; k < x->op_count; k++ )
    {
        const cs_x86_op *op = &x->operands[k];

        if ( op->type == X86_OP_REG && op->reg == e->reg )
            reg_ok = true;
        else if ( op->type == X86_OP_IMM && e->imm != IMM_NONE &&
                  op->imm == (e->imm == IMM_N ? (int64_t)n : e->value) )
            imm_ok = true;
    }
    return reg_ok && imm_ok;
}

/* Is everything from instruction k on int3, to the stub's end? */
static bool int3_from(const cs_insn *insn, size_t count, size_t k,
                      bool undecoded)
{
    if ( undecoded )
        return false;
    for ( ; k < count; k++ )
    {
        if ( insn[k].id != X86_INS_INT3 )
            return false;
    }
    return true;
}

/*
 * How far instructions match layout l: the number of leading instructions
 * that match, or l->n + 1 when all do and int3 fills the rest.
 */
static unsigned match_layout(const struct layout *l, const cs_insn *insn,
                             size_t count, bool undecoded, unsigned n)
{
    unsigned k;

    for ( k = 0; k < l->n && k < count; k++ )
    {
        if ( !insn_matches(&insn[k], &l->insn[k], n) )
            return k;
    }
    if ( k < l->n )
        return k;
    return int3_from(insn, count, k, undecoded) ? l->n + 1 : l->n;
}

static bool all_bytes(const uint8_t *b, uint8_t v)
{
    unsigned i;

    for ( i = 0; i < XABI_HCPAGE_STUB; i++ )
    {
        if ( b[i] != v )
            return false;
    }
    return true;
}

/* Say why a stub is not l, from how far it matched. */
static void explain(struct xabi_hcpage_stub *s, const struct layout *l,
                    unsigned matched)
{
    const char *what = l->info->cls == XABI_STUB_IRET ? "iret" : "hypercall";

    if ( matched == l->n )
    {
        /* All of Xen's instructions, then something other than int3. */
        const struct xabi_hcpage_insn *i = NULL;
        unsigned k;

        for ( k = matched; k < s->ninsn && !i; k++ )
        {
            if ( strcmp(s->insn[k].mnemonic, "int3") )
                i = &s->insn[k];
        }

        if ( i )
            snprintf(s->why, sizeof(s->why),
                     "+%u: %s%s%s after the %s stub, where Xen leaves int3",
                     i->offset, i->mnemonic, i->operands[0] ? " " : "",
                     i->operands, what);
        else
            snprintf(s->why, sizeof(s->why),
                     "+%u: bytes Capstone cannot decode after the %s stub, "
                     "where Xen leaves int3",
                     s->undecoded_at, what);
        return;
    }
    if ( matched < s->ninsn )
        snprintf(s->why, sizeof(s->why),
                 "+%u: %s%s%s, where Xen's %s writes instruction %u of: %s",
                 s->insn[matched].offset, s->insn[matched].mnemonic,
                 s->insn[matched].operands[0] ? " " : "",
                 s->insn[matched].operands, l->info->name, matched + 1,
                 l->info->text);
    else
        snprintf(s->why, sizeof(s->why),
                 "+%u: %s, where Xen's %s writes instruction %u of: %s",
                 s->undecoded ? s->undecoded_at : XABI_HCPAGE_STUB,
                 s->undecoded ? "undecodable bytes" : "the stub ends",
                 l->info->name, matched + 1, l->info->text);
}

/* Classify stub s from its decoded instructions. */
static void classify(struct xabi_hcpage_stub *s, enum xabi_guest_type width,
                     const cs_insn *insn, size_t count)
{
    enum xabi_stub_class want =
        s->idx == XABI_HYPERVISOR_IRET ? XABI_STUB_IRET : XABI_STUB_HYPERCALL;
    const struct layout *first = NULL;
    unsigned first_matched = 0;
    size_t i;

    for ( i = 0; i < NLAYOUTS; i++ )
    {
        const struct layout *l = &matchers[i];
        unsigned m;

        if ( l->info->width != width || l->info->cls != want )
            continue;
        m = match_layout(l, insn, count, s->undecoded, s->idx);
        if ( m == l->n + 1 )
        {
            s->cls = want;
            s->layout = l->info->name;
            s->xen_since = l->info->since;
            s->xen_until = l->info->until;
            return;
        }
        if ( !first )
        {
            first = l;
            first_matched = m;
        }
    }
    if ( all_bytes(s->bytes, 0xcc) )
        s->cls = XABI_STUB_FILLER;
    else if ( all_bytes(s->bytes, 0) )
        s->cls = XABI_STUB_EMPTY;
    else
    {
        s->cls = XABI_STUB_UNEXPECTED;
        explain(s, first, first_matched);
    }
}

/* Copy Capstone's instructions into the stub's plain records. */
static void keep_insns(struct xabi_hcpage_stub *s, const cs_insn *insn,
                       size_t count)
{
    size_t k, used = 0;

    for ( k = 0; k < count && k < XABI_HCPAGE_MAXINSN; k++ )
    {
        struct xabi_hcpage_insn *d = &s->insn[k];

        d->offset = (uint8_t)used;
        d->size = (uint8_t)insn[k].size;
        memcpy(d->bytes, insn[k].bytes,
               insn[k].size < sizeof(d->bytes) ? insn[k].size
                                               : sizeof(d->bytes));
        snprintf(d->mnemonic, sizeof(d->mnemonic), "%s", insn[k].mnemonic);
        snprintf(d->operands, sizeof(d->operands), "%s", insn[k].op_str);
        used += insn[k].size;
    }
    s->ninsn = (unsigned)k;
    s->undecoded = used < XABI_HCPAGE_STUB;
    s->undecoded_at = (uint8_t)used;
}

static int disasm_stub(csh cs, struct xabi_hcpage *pg, unsigned idx,
                       const uint8_t *page)
{
    struct xabi_hcpage_stub *s = &pg->stubs[idx];
    cs_insn *insn = NULL;
    size_t count;

    s->idx = idx;
    memcpy(s->bytes, page + idx * XABI_HCPAGE_STUB, XABI_HCPAGE_STUB);
    count = cs_disasm(cs, s->bytes, XABI_HCPAGE_STUB,
                      pg->va + (uint64_t)idx * XABI_HCPAGE_STUB, 0, &insn);
    if ( count == 0 && cs_errno(cs) == CS_ERR_MEM )
        return -1;
    keep_insns(s, insn, count);
    classify(s, pg->width, insn, count);
    cs_free(insn, count);
    pg->nclass[s->cls]++;
    return 0;
}

int xabi_hcpage_disasm(const void *page, size_t len, uint64_t va,
                       enum xabi_guest_type width, const char *name,
                       struct xabi_hcpage **out, char *err, size_t errlen)
{
    struct xabi_hcpage *pg;
    csh cs;
    unsigned idx;

    *out = NULL;
    if ( len != XABI_HCPAGE_SIZE )
        return hfail(err, errlen, name, len < XABI_HCPAGE_SIZE ? len : 4096,
                     "a hypercall page is %u bytes; this is %zu%s",
                     XABI_HCPAGE_SIZE, len,
                     len < XABI_HCPAGE_SIZE ? " (it ends here)"
                                            : " (the excess starts here)");
    if ( width != XABI_GUEST_PV64 && width != XABI_GUEST_PV32 )
        return hfail(err, errlen, name, 0,
                     "only PV guests have a hypercall page written this way "
                     "(PV64 or PV32), not %s",
                     xabi_guest_type_name(width));
    if ( va % XABI_HCPAGE_SIZE )
        return hfail(err, errlen, name, 0, "address 0x%llx is not page-aligned",
                     (unsigned long long)va);
    if ( cs_open(CS_ARCH_X86,
                 width == XABI_GUEST_PV64 ? CS_MODE_64 : CS_MODE_32,
                 &cs) != CS_ERR_OK )
        return hfail(err, errlen, name, 0, "Capstone cannot open x86");
    cs_option(cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    pg = calloc(1, sizeof(*pg));
    if ( !pg )
    {
        cs_close(&cs);
        return hfail(err, errlen, name, 0, "out of memory");
    }
    pg->va = va;
    pg->width = width;
    pg->domid = XABI_UNKNOWN;
    pg->disassembler = "capstone " STR(CS_API_MAJOR) "." STR(CS_API_MINOR);
    for ( idx = 0; idx < XABI_HCPAGE_NSTUBS; idx++ )
    {
        if ( disasm_stub(cs, pg, idx, page) )
        {
            cs_close(&cs);
            free(pg);
            return hfail(err, errlen, name, idx * XABI_HCPAGE_STUB,
                         "out of memory disassembling stub %u", idx);
        }
    }
    cs_close(&cs);
    *out = pg;
    return 0;
}

void xabi_hcpage_free(struct xabi_hcpage *pg)
{
    free(pg);
}
