/*
 * hcpage.c: a PV hypercall page, disassembled with Capstone and judged
 * stub by stub against the layouts Xen writes.
 *
 * What Xen writes, per guest width and Xen version, is abi/'s
 * (abi/stub.c: xabi_stub_layouts, with the citations).
 *
 * A stub is judged by its instructions, not its bytes: each layout lists
 * the instructions and operands by Capstone's names for them (its detail,
 * so independent of syntax), and the rest of the stub must be int3.  The disassembly kept
 * for readers is AT&T syntax: it is the syntax of the comments in Xen's
 * source above and of the guest kernels' hypercall headers, so a stored
 * stub reads like the line of Xen that wrote it.
 *
 * Capstone is the only disassembler, and this the only file that includes
 * it.  It is loaded (dlopen) when the first page is decoded rather than
 * linked: its 77,000 relocations cost every xabi command about 5 ms of
 * start-up, a twentieth of collecting a 4-million-record trace
 * (bench/README.md), and only this file needs it.  Each stub is decoded
 * on its own, 32 bytes at its own address, so an instruction running into
 * the next stub is undecodable, not borrowed.
 */
#include "abi/abi.h"
#include "collector/hcpage.h"
#include "collector/collector-int.h"

#include <capstone/capstone.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STR_(x) #x
#define STR(x)  STR_(x)

/*
 * The library is the one of the major version these headers come from
 * (libcapstone.so.4 on Debian 11 and 12, .so.5 on 13).
 */
#define CAPSTONE_SONAME "libcapstone.so." STR(CS_API_MAJOR)

static struct
{
    cs_err (*open)(cs_arch arch, cs_mode mode, csh *handle);
    cs_err (*close)(csh *handle);
    cs_err (*option)(csh handle, cs_opt_type type, size_t value);
    size_t (*disasm)(csh handle, const uint8_t *code, size_t size,
                     uint64_t address, size_t count, cs_insn **insn);
    void (*free)(cs_insn *insn, size_t count);
    cs_err (*err_of)(csh handle);
    const char *(*insn_name)(csh handle, unsigned int id);
    const char *(*reg_name)(csh handle, unsigned int id);
    bool loaded;
    char why[512]; /* when not loaded */
} capstone;

static pthread_once_t capstone_once = PTHREAD_ONCE_INIT;

/* fn = the library's symbol name; false (with capstone.why) if missing. */
static bool capstone_sym(void *lib, const char *name, void *fn, size_t size)
{
    void *sym = dlsym(lib, name);

    if ( !sym )
    {
        snprintf(capstone.why, sizeof(capstone.why), "%s has no %s",
                 CAPSTONE_SONAME, name);
        return false;
    }
    /* POSIX lets a data pointer from dlsym() be used as a function's. */
    memcpy(fn, &sym, size);
    return true;
}

static void capstone_load(void)
{
    void *lib = dlopen(CAPSTONE_SONAME, RTLD_NOW | RTLD_LOCAL);

#define SYM(field, name)                                                     \
    capstone_sym(lib, name, &capstone.field, sizeof(capstone.field))
    if ( !lib )
    {
        const char *e = dlerror();

        snprintf(capstone.why, sizeof(capstone.why), "%s",
                 e ? e : "cannot load " CAPSTONE_SONAME);
        return;
    }
    capstone.loaded = SYM(open, "cs_open") && SYM(close, "cs_close") &&
                      SYM(option, "cs_option") && SYM(disasm, "cs_disasm") &&
                      SYM(free, "cs_free") && SYM(err_of, "cs_errno") &&
                      SYM(insn_name, "cs_insn_name") &&
                      SYM(reg_name, "cs_reg_name");
#undef SYM
    /* The library stays loaded: what it returned may still be in use. */
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
static bool insn_matches(csh cs, const cs_insn *i,
                         const struct xabi_stub_insn *e, unsigned n)
{
    const cs_x86 *x = &i->detail->x86;
    unsigned want = (e->reg != NULL) + (e->imm != XABI_STUB_IMM_NONE);
    bool reg_ok = e->reg == NULL, imm_ok = e->imm == XABI_STUB_IMM_NONE;
    const char *mn = capstone.insn_name(cs, i->id);
    uint8_t k;

    if ( !mn || strcmp(mn, e->mnemonic) != 0 || x->op_count != want )
        return false;
    for ( k = 0; k < x->op_count; k++ )
    {
        const cs_x86_op *op = &x->operands[k];
        const char *reg = op->type == X86_OP_REG
                              ? capstone.reg_name(cs, op->reg)
                              : NULL;

        if ( reg && e->reg && strcmp(reg, e->reg) == 0 )
            reg_ok = true;
        else if ( op->type == X86_OP_IMM && e->imm != XABI_STUB_IMM_NONE &&
                  op->imm == (e->imm == XABI_STUB_IMM_N ? (int64_t)n
                                                        : e->value) )
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
static unsigned match_layout(csh cs, const struct xabi_stub_layout *l,
                             const cs_insn *insn, size_t count,
                             bool undecoded, unsigned n)
{
    unsigned k;

    for ( k = 0; k < l->n && k < count; k++ )
    {
        if ( !insn_matches(cs, &insn[k], &l->insn[k], n) )
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
static void explain(struct xabi_hcpage_stub *s,
                    const struct xabi_stub_layout *l, unsigned matched)
{
    const char *what = l->iret ? "iret" : "hypercall";

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
                 s->insn[matched].operands, l->name, matched + 1,
                 l->text);
    else
        snprintf(s->why, sizeof(s->why),
                 "+%u: %s, where Xen's %s writes instruction %u of: %s",
                 s->undecoded ? s->undecoded_at : XABI_HCPAGE_STUB,
                 s->undecoded ? "undecodable bytes" : "the stub ends",
                 l->name, matched + 1, l->text);
}

/* Classify stub s from its decoded instructions. */
static void classify(csh cs, struct xabi_hcpage_stub *s,
                     enum xabi_guest_type width, const cs_insn *insn,
                     size_t count)
{
    bool iret = s->idx == XABI_HYPERVISOR_IRET;
    enum xabi_hc_guest w = width == XABI_GUEST_PV64 ? XABI_HC_PV64
                                                    : XABI_HC_PV32;
    const struct xabi_stub_layout *all, *first = NULL;
    unsigned first_matched = 0;
    size_t i, nl;

    all = xabi_stub_layouts(&nl);
    for ( i = 0; i < nl; i++ )
    {
        const struct xabi_stub_layout *l = &all[i];
        unsigned m;

        if ( l->width != w || l->iret != iret )
            continue;
        m = match_layout(cs, l, insn, count, s->undecoded, s->idx);
        if ( m == l->n + 1 )
        {
            s->cls = iret ? XABI_STUB_IRET : XABI_STUB_HYPERCALL;
            s->layout = l->name;
            s->xen_since = l->since;
            s->xen_until = l->until;
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
    count = capstone.disasm(cs, s->bytes, XABI_HCPAGE_STUB,
                      pg->va + (uint64_t)idx * XABI_HCPAGE_STUB, 0, &insn);
    if ( count == 0 && capstone.err_of(cs) == CS_ERR_MEM )
        return -1;
    keep_insns(s, insn, count);
    classify(cs, s, pg->width, insn, count);
    capstone.free(insn, count);
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
    if ( pthread_once(&capstone_once, capstone_load) != 0 ||
         !capstone.loaded )
        return hfail(err, errlen, name, 0,
                     "cannot disassemble it without Capstone: %s",
                     capstone.why[0] ? capstone.why
                                     : "pthread_once failed");
    if ( capstone.open(CS_ARCH_X86,
                 width == XABI_GUEST_PV64 ? CS_MODE_64 : CS_MODE_32,
                 &cs) != CS_ERR_OK )
        return hfail(err, errlen, name, 0, "Capstone cannot open x86");
    capstone.option(cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
    capstone.option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    pg = calloc(1, sizeof(*pg));
    if ( !pg )
    {
        capstone.close(&cs);
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
            capstone.close(&cs);
            free(pg);
            return hfail(err, errlen, name, idx * XABI_HCPAGE_STUB,
                         "out of memory disassembling stub %u", idx);
        }
    }
    capstone.close(&cs);
    *out = pg;
    return 0;
}

void xabi_hcpage_free(struct xabi_hcpage *pg)
{
    free(pg);
}
