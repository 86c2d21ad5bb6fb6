/*
 * snapshot-text.c: recorded vCPU dumps (getctx, xen-hvmctx, pvhinfo) into
 * a struct xabi_snapshot.  See collector/snapshot.h for the formats.
 *
 * All three are lines of "name value" pairs with a few shapes of their own
 * (segment lines, trap[N]/gdt[N] lines, the start_info line), so one
 * tokenizer and a table of names serve them all.  Numbers are hex with a
 * 0x prefix, decimal, or (xen-hvmctx only) zero-padded hex without one.
 * Input is untrusted: lines and tokens are bounded, indices checked, and
 * anything malformed is an error naming its line, never a crash.
 *
 * A dump is accepted only whole: each kind has fields it always prints
 * (required[] below), and a dump that lacks one was cut short or is not
 * that kind, so it is refused, naming what is missing, rather than stored
 * as a snapshot with holes the rules would read as NOT-OBSERVED.  A value
 * that is not a number, or out of its field's range, is refused too, and
 * so is a field given twice with two values (two dumps in one file).
 * xenctx's output is refused: it names no domain or vCPU.
 */
#include "collector/snapshot.h"

#include "abi/abi.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_LINE 1024
#define MAX_TOKENS 64
#define MAX_GDT 8192 /* 16 frames of 512 descriptors */

struct loaded
{
    struct xabi_snapshot snap; /* first: freed through it */
    uint64_t gdt[MAX_GDT];
};

struct parser
{
    struct loaded *l;
    const char *name; /* of the dump, for messages */
    unsigned line;
    unsigned cpu_records; /* xen-hvmctx CPU records seen */
    /* xen-hvmctx: reading the MTRR record of this vCPU, and which of its
     * lines were seen: bit 0 "MTRR:", 1-8 var 0-7, 9-19 fixed 00-0a */
    bool in_mtrr;
    uint32_t mtrr_lines;
    unsigned mtrr_at; /* the line of its "Entry" */
    bool hvmctx, saw_domid, saw_vcpu, saw_state;
    /* xen-hvmctx: the printf the dump's segment lines came from */
    const struct xabi_hvmctx_format *hvmctx_fmt;
    bool kv_segs;      /* "cs sel=..." lines: pvhinfo */
    bool saw_gdt;      /* gdt[N], gdt.raw or gdt.map_failed (getctx) */
    bool saw_trap_entries;
    uint64_t trap_entries; /* getctx's count of the trap[N] lines */
    unsigned trap_lines;
    int last_trap;     /* index of the last trap[N] line, or -1 */
    char *err;
    size_t errlen;
};

/* What each kind of dump always prints: without it, it was cut short. */
enum dump_kind
{
    DUMP_GETCTX,
    DUMP_HVMCTX,
    DUMP_PVHINFO,
};
#define R(r) (1u << XABI_REG_##r)
static const struct
{
    const char *name;
    uint32_t regs;  /* reg_mask bits */
    uint8_t segs;   /* bits by enum xabi_sreg */
    bool hidden;    /* the segments with base, limit and attributes */
    bool getctx;    /* callbacks, the trap table and a GDT line */
    bool start_info;
} required[] = {
    [DUMP_GETCTX] = { "getctx",
                      R(RIP) | R(RSP) | R(RFLAGS) | R(CR0) | R(CR2) |
                          R(CR3) | R(CR4) | R(KERNEL_SS) | R(KERNEL_SP) |
                          R(VM_ASSIST) | R(VCPU_FLAGS) | R(GDT_ENTS) |
                          R(LDT_BASE) | R(LDT_ENTS),
                      0x3f, false, true, false },
    [DUMP_HVMCTX] = { "xen-hvmctx",
                      R(RIP) | R(RSP) | R(RFLAGS) | R(CR0) | R(CR2) |
                          R(CR3) | R(CR4) | R(EFER),
                      0xff, true, false, false },
    [DUMP_PVHINFO] = { "pvhinfo",
                       R(RIP) | R(RSP) | R(RFLAGS) | R(CR0) | R(CR2) |
                           R(CR3) | R(CR4) | R(EFER),
                       0xff, true, false, true },
};
#undef R

/* Scalar names: a register, a callback, or an identity field. */
enum key_kind
{
    KEY_REG,
    KEY_CB,
    KEY_DOMID,
    KEY_VCPU,
};
/*
 * Ranges are the architecture's: RFLAGS and CR0 have no bits above 31, a
 * selector is 16 bits, a descriptor table holds at most 8192 entries (64
 * KiB), and a domain id or vCPU number below 0x8000 is a real one.
 */
#define MAX_ID 0x7fffu
static const struct
{
    const char *name;
    enum key_kind kind;
    int which;
    bool first_only; /* only as a line's first word */
    uint64_t max;
} keys[] = {
    { "rip", KEY_REG, XABI_REG_RIP, false, UINT64_MAX },
    { "rsp", KEY_REG, XABI_REG_RSP, false, UINT64_MAX },
    { "rbx", KEY_REG, XABI_REG_RBX, false, UINT64_MAX },
    { "rsi", KEY_REG, XABI_REG_RSI, false, UINT64_MAX },
    { "rflags", KEY_REG, XABI_REG_RFLAGS, false, UINT32_MAX },
    { "cr0", KEY_REG, XABI_REG_CR0, false, UINT32_MAX },
    { "cr2", KEY_REG, XABI_REG_CR2, false, UINT64_MAX },
    { "cr3", KEY_REG, XABI_REG_CR3, false, UINT64_MAX },
    { "cr4", KEY_REG, XABI_REG_CR4, false, UINT64_MAX },
    { "efer", KEY_REG, XABI_REG_EFER, false, UINT64_MAX },
    { "kernel_ss", KEY_REG, XABI_REG_KERNEL_SS, false, 0xffff },
    { "kernel_sp", KEY_REG, XABI_REG_KERNEL_SP, false, UINT64_MAX },
    { "vm_assist", KEY_REG, XABI_REG_VM_ASSIST, false, UINT64_MAX },
    { "flags", KEY_REG, XABI_REG_VCPU_FLAGS, true, UINT64_MAX },
    { "gdt_ents", KEY_REG, XABI_REG_GDT_ENTS, false, MAX_GDT },
    { "ldt_base", KEY_REG, XABI_REG_LDT_BASE, false, UINT64_MAX },
    { "ldt_ents", KEY_REG, XABI_REG_LDT_ENTS, false, MAX_GDT },
    { "event_callback_eip", KEY_CB, XABI_CB_EVENT, false, UINT64_MAX },
    { "failsafe_callback_eip", KEY_CB, XABI_CB_FAILSAFE, false, UINT64_MAX },
    { "syscall_callback_eip", KEY_CB, XABI_CB_SYSCALL, false, UINT64_MAX },
    { "domid", KEY_DOMID, 0, false, MAX_ID },
    { "domain", KEY_DOMID, 0, false, MAX_ID },
    { "vcpu", KEY_VCPU, 0, false, MAX_ID },
};

static int perr(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int perr(struct parser *p, const char *fmt, ...)
{
    char msg[640];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "%s: line %u: %s", p->name, p->line, msg);
    return -1;
}

/* "0x1f", "001f" (zero-padded hex), "31"; a trailing ')' or ',' is ignored. */
static bool parse_num(const char *t, uint64_t *v)
{
    char buf[32], *end;
    size_t n = strlen(t);
    int base = 10;

    while ( n && (t[n - 1] == ')' || t[n - 1] == ',') )
        n--;
    if ( n == 0 || n >= sizeof(buf) )
        return false;
    memcpy(buf, t, n);
    buf[n] = '\0';
    if ( n > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X') )
        base = 16;
    else if ( n > 1 && buf[0] == '0' )
        base = 16;
    if ( buf[0] == '-' || buf[0] == '+' )
        return false;
    errno = 0;
    *v = strtoull(buf, &end, base);
    return !errno && *end == '\0';
}

/*
 * A number as this dump writes it: "0x1f" or "31" (no leading zero), and
 * only in xen-hvmctx zero-padded hex without a prefix ("001f"), which
 * elsewhere would be ambiguous ("010").  A trailing ')' or ',' is ignored.
 */
static bool num(const struct parser *p, const char *t, uint64_t *v)
{
    size_t n = strlen(t);

    while ( n && (t[n - 1] == ')' || t[n - 1] == ',') )
        n--;
    if ( !p->hvmctx && n > 1 && t[0] == '0' && t[1] != 'x' && t[1] != 'X' )
        return false;
    return parse_num(t, v);
}

/* Does t look like a number (so that one that fails is an error)? */
static bool numeric(const char *t)
{
    return t[0] >= '0' && t[0] <= '9';
}

/*
 * The value of "name=VALUE" in tokens, at most max: -1 with an error
 * naming the field if it is missing, not a number or out of range.
 */
static int kv(struct parser *p, char **tok, int ntok, const char *name,
              uint64_t max, uint64_t *v)
{
    size_t n = strlen(name);
    int i;

    for ( i = 0; i < ntok; i++ )
    {
        if ( strncmp(tok[i], name, n) != 0 || tok[i][n] != '=' )
            continue;
        if ( !num(p, tok[i] + n + 1, v) )
            return perr(p, "%s: '%.40s' is not a number (0x-prefixed hex, "
                        "or decimal)", tok[0], tok[i]);
        if ( *v > max )
            return perr(p, "%s: %.40s is out of range (at most %#llx)",
                        tok[0], tok[i], (unsigned long long)max);
        return 0;
    }
    return perr(p, "%s: no %s=", tok[0], name);
}

static int seg_index(const char *name)
{
    static const char *const names[] = { "cs", "ss", "ds", "es",
                                         "fs", "gs", "tr", "ldtr" };
    int i;

    for ( i = 0; i < XABI_SREG_MAX; i++ )
    {
        if ( strcmp(name, names[i]) == 0 )
            return i;
    }
    return -1;
}

static void set_reg(struct xabi_snapshot *s, int r, uint64_t v)
{
    s->reg_mask |= 1u << r;
    s->reg[r] = v;
}

/* "cs sel=0x0000 base=0x0 limit=0xffffffff attr=0x0c9b ..." (pvhinfo) */
static int seg_kv(struct parser *p, int g, char **tok, int ntok)
{
    struct xabi_segment *sg = &p->l->snap.seg[g];
    uint64_t sel, base, limit, attr;

    p->kv_segs = true;
    if ( kv(p, tok, ntok, "sel", 0xffff, &sel) ||
         kv(p, tok, ntok, "base", UINT64_MAX, &base) ||
         kv(p, tok, ntok, "limit", UINT32_MAX, &limit) ||
         kv(p, tok, ntok, "attr", 0xffff, &attr) )
        return -1;
    if ( sg->known )
        return perr(p, "%s given twice", tok[0]);
    *sg = (struct xabi_segment){ true, true, (uint16_t)sel, base,
                                 (uint32_t)limit, (uint16_t)attr };
    return 0;
}

/*
 * "cs   0000 (          00000000 + 0xffffffff /  0x0c9b)" (xen-hvmctx).
 * The line's label is not always its register: from Xen 4.12 on the tool
 * prints DS under "es" and ES under "ds" (abi/xen-tools.c).  Which printf
 * made the dump shows in how it prints a selector, so each line is put
 * under the register its values belong to, and the label it came under
 * is kept with it.
 */
static int seg_hvmctx(struct parser *p, char **tok, int ntok)
{
    const struct xabi_hvmctx_format *fmt;
    struct xabi_segment *sg;
    uint64_t v[4];
    int i, g, n = 0;
    bool wide = strlen(tok[1]) == 10 && tok[1][0] == '0' &&
                (tok[1][1] == 'x' || tok[1][1] == 'X');

    if ( p->hvmctx_fmt && p->hvmctx_fmt->wide_selector != wide )
        return perr(p, "segment line printed unlike the ones before it "
                       "(selector %s): not one xen-hvmctx dump", tok[1]);
    fmt = p->hvmctx_fmt ? p->hvmctx_fmt : xabi_hvmctx_format_by_shape(wide);
    p->hvmctx_fmt = fmt;
    g = seg_index(xabi_hvmctx_register_of(fmt, tok[0]));
    sg = &p->l->snap.seg[g];
    if ( sg->known )
        return perr(p, "a second \"%s\" segment line", tok[0]);

    for ( i = 1; i < ntok && n < 4; i++ )
    {
        const char *t = tok[i][0] == '(' ? tok[i] + 1 : tok[i];

        if ( !*t || strcmp(t, "+") == 0 || strcmp(t, "/") == 0 )
            continue;
        if ( !parse_num(t, &v[n++]) )
            return perr(p, "malformed segment line");
    }
    if ( n != 4 || v[0] > 0xffff || v[2] > 0xffffffff || v[3] > 0xffff )
        return perr(p, "malformed segment line");
    *sg = (struct xabi_segment){ true, true, (uint16_t)v[0], v[1],
                                 (uint32_t)v[2], (uint16_t)v[3] };
    if ( strcmp(tok[0], xabi_sreg_name((enum xabi_sreg)g)) )
        snprintf(p->l->snap.seg_label[g], sizeof(p->l->snap.seg_label[g]),
                 "%s", tok[0]);
    return 0;
}

/* "cs 0xe033 ss 0xe02b ds 0x0000 ..." (getctx): selectors only. */
static int seg_pairs(struct parser *p, char **tok, int ntok)
{
    uint64_t v;
    int i, g;

    if ( ntok % 2 )
        return perr(p, "malformed selector list");
    for ( i = 0; i + 1 < ntok; i += 2 )
    {
        g = seg_index(tok[i]);
        if ( g < 0 || !num(p, tok[i + 1], &v) || v > 0xffff )
            return perr(p, "malformed selector list: '%.20s %.20s' is not "
                        "a segment and a 16-bit selector",
                        tok[i], tok[i + 1]);
        if ( p->l->snap.seg[g].known )
            return perr(p, "%s given twice", tok[i]);
        p->l->snap.seg[g].known = true;
        p->l->snap.seg[g].selector = (uint16_t)v;
    }
    return 0;
}

static int seg_line(struct parser *p, int g, char **tok, int ntok,
                    bool has_paren)
{
    p->saw_state = true;
    if ( ntok >= 2 && strncmp(tok[1], "sel=", 4) == 0 )
        return seg_kv(p, g, tok, ntok);
    if ( has_paren )
        return seg_hvmctx(p, tok, ntok);
    return seg_pairs(p, tok, ntok);
}

/* "trap[3] vector=3 flags=0x7 dpl=3 if_clear=1 cs=0x0013 address=0x..." */
static int trap_line(struct parser *p, char **tok, int ntok)
{
    struct xabi_snapshot *s = &p->l->snap;
    uint64_t vec, flags, cs, addr;
    char *end;
    unsigned long idx = strtoul(tok[0] + 5, &end, 10);

    if ( !numeric(tok[0] + 5) || *end != ']' || end[1] || idx > 255 )
        return perr(p, "malformed trap-table entry: '%.20s' is not trap[N] "
                    "with N from 0 to 255", tok[0]);
    if ( (int)idx <= p->last_trap )
        return perr(p, "%s after trap[%d]: out of order or given twice",
                    tok[0], p->last_trap);
    if ( kv(p, tok, ntok, "vector", 0xff, &vec) ||
         kv(p, tok, ntok, "flags", 0xff, &flags) ||
         kv(p, tok, ntok, "cs", 0xffff, &cs) ||
         kv(p, tok, ntok, "address", UINT64_MAX, &addr) )
        return -1;
    p->last_trap = (int)idx;
    p->trap_lines++;
    s->traps_read = true;
    /* An entry with no address is an empty slot of the 256. */
    if ( !addr )
        return 0;
    if ( s->ntraps >= 256 )
        return perr(p, "more than 256 trap-table entries");
    /* The slot's own vector field is 0 when unset; trust the index. */
    s->traps[s->ntraps++] = (struct xabi_trap_entry){
        (uint8_t)idx, (uint8_t)flags, (uint16_t)cs, addr };
    (void)vec;
    return 0;
}

/* "gdt[1] sel=0x000b desc=0x00affa000000ffff" */
static int gdt_line(struct parser *p, char **tok, int ntok)
{
    struct xabi_snapshot *s = &p->l->snap;
    uint64_t desc;
    char *end;
    unsigned long idx = strtoul(tok[0] + 4, &end, 10);

    if ( !numeric(tok[0] + 4) || *end != ']' || end[1] || idx >= MAX_GDT )
        return perr(p, "malformed GDT descriptor line: '%.20s' is not "
                    "gdt[N] with N below %d", tok[0], MAX_GDT);
    if ( kv(p, tok, ntok, "desc", UINT64_MAX, &desc) )
        return -1;
    s->gdt_read = true;
    p->saw_gdt = true;
    p->l->gdt[idx] = desc;
    if ( idx + 1 > s->ngdt )
        s->ngdt = (unsigned)idx + 1;
    return 0;
}

/* "start_info gpa 0x4a00000 magic 0x336ec578 (OK) version 1 ..." */
static int start_info_line(struct parser *p, char **tok, int ntok)
{
    struct xabi_start_info *si = &p->l->snap.start_info;
    static const char *const names[] = {
        "gpa", "magic", "version", "flags", "nr_modules", "modlist_paddr",
        "cmdline_paddr", "rsdp_paddr", "memmap_paddr", "memmap_entries",
    };
    uint64_t v[10];
    unsigned seen = 0;
    int i, k;

    for ( i = 1; i + 1 < ntok; i++ )
    {
        for ( k = 0; k < 10; k++ )
        {
            if ( strcmp(tok[i], names[k]) == 0 )
            {
                if ( !num(p, tok[i + 1], &v[k]) )
                    return perr(p, "start_info %s: '%.40s' is not a number",
                                names[k], tok[i + 1]);
                /* struct hvm_start_info: these are 32-bit fields. */
                if ( ((k >= 1 && k <= 4) || k == 9) && v[k] > UINT32_MAX )
                    return perr(p, "start_info %s %.40s is out of range "
                                "(32 bits)", names[k], tok[i + 1]);
                if ( seen & (1u << k) )
                    return perr(p, "start_info: %s given twice", names[k]);
                seen |= 1u << k;
            }
        }
    }
    if ( (seen & 0xff) != 0xff )
        return perr(p, "start_info line lacks a field");
    if ( p->l->snap.has_start_info )
        return perr(p, "start_info given twice");
    *si = (struct xabi_start_info){ v[0], (uint32_t)v[1], (uint32_t)v[2],
                                    (uint32_t)v[3], (uint32_t)v[4], v[5],
                                    v[6], v[7], (seen & 0x300) == 0x300,
                                    v[8], (uint32_t)v[9] };
    if ( !si->has_memmap )
        si->memmap_paddr = si->memmap_entries = 0;
    p->l->snap.has_start_info = true;
    return 0;
}

/* Store keys[k] = v; a field given twice must say the same. */
static int put_key(struct parser *p, size_t k, uint64_t v)
{
    struct xabi_snapshot *s = &p->l->snap;
    int w = keys[k].which;
    bool again;
    uint64_t old;

    switch ( keys[k].kind )
    {
    case KEY_REG:
        again = (s->reg_mask >> w) & 1;
        old = s->reg[w];
        set_reg(s, w, v);
        p->saw_state = true;
        break;
    case KEY_CB:
        again = s->cb[w].known;
        old = s->cb[w].address;
        s->cb[w] = (struct xabi_callback_entry){ true, false, 0, v };
        break;
    case KEY_DOMID:
        again = p->saw_domid;
        old = (uint64_t)s->domid;
        s->domid = (int32_t)v;
        p->saw_domid = true;
        break;
    default:
        again = p->saw_vcpu;
        old = (uint64_t)s->vcpu;
        s->vcpu = (int32_t)v;
        p->saw_vcpu = true;
        break;
    }
    if ( again && old != v )
        return perr(p, "%s %#llx, after %#llx before: two dumps in one file?",
                    keys[k].name, (unsigned long long)v,
                    (unsigned long long)old);
    return 0;
}

/* Any other line: "name value" pairs whose names are in keys[]. */
static int pairs_line(struct parser *p, char **tok, int ntok)
{
    uint64_t v;
    size_t k;
    int i;

    for ( i = 0; i + 1 < ntok; i++ )
    {
        for ( k = 0; k < sizeof(keys) / sizeof(keys[0]); k++ )
        {
            if ( strcmp(tok[i], keys[k].name) != 0 ||
                 (keys[k].first_only && i != 0) )
                continue;
            if ( !numeric(tok[i + 1]) )
                break; /* "vcpu" in prose, say: not a pair */
            if ( !num(p, tok[i + 1], &v) )
                return perr(p, "%s: '%.40s' is not a number (0x-prefixed "
                            "hex up to 64 bits, or decimal)",
                            keys[k].name, tok[i + 1]);
            if ( v > keys[k].max )
                return perr(p, "%s %.40s is out of range (at most %#llx)",
                            keys[k].name, tok[i + 1],
                            (unsigned long long)keys[k].max);
            if ( put_key(p, k, v) )
                return -1;
            i++;
            break;
        }
    }
    return 0;
}

/* "Entry 1: type 2 instance 0, length 1032": a CPU save record is type 2
 * (xen/include/public/arch-x86/hvm/save.h: HVM_SAVE_CODE(CPU)), one per
 * vCPU; this reads the first. */
#define MTRR_ALL_LINES ((1u << (1 + XABI_MTRR_VAR + XABI_MTRR_FIXED)) - 1)

/* The MTRR record being read, if any, must have been whole. */
static int mtrr_end(struct parser *p)
{
    if ( !p->in_mtrr )
        return 0;
    p->in_mtrr = false;
    if ( p->mtrr_lines != MTRR_ALL_LINES )
        return perr(p, "the MTRR record of vCPU %d (from line %u) ends "
                    "before its %s: cut short?", p->l->snap.vcpu, p->mtrr_at,
                    !(p->mtrr_lines & 1) ? "\"MTRR:\" line"
                    : (p->mtrr_lines & 0x1fe) != 0x1fe ? "8 var lines"
                                                       : "11 fixed lines");
    p->l->snap.has_mtrr = true;
    return 0;
}

/* A value of the MTRR record: hex, with a comma after it on "MTRR:". */
static int mtrr_num(struct parser *p, char *t, uint64_t *v)
{
    size_t n = strlen(t);

    if ( n && t[n - 1] == ',' )
        t[n - 1] = '\0';
    if ( !num(p, t, v) )
        return perr(p, "MTRR record: '%.40s' is not a number", t);
    return 0;
}

/*
 * A line of the MTRR record (xen-hvmctx's dump_mtrr, the same from 4.2 to
 * 4.20): "MTRR: PAT 0x.., cap 0x.., default 0x..", then "var N BASE MASK"
 * for N 0-7 and "fixed NN VALUE" for NN 00-0a (hex).
 */
static int mtrr_line(struct parser *p, char **tok, int ntok)
{
    struct xabi_mtrr *m = &p->l->snap.mtrr;
    uint64_t i, a, b;
    unsigned bit;

    if ( strcmp(tok[0], "MTRR:") == 0 )
    {
        if ( ntok != 7 || strcmp(tok[1], "PAT") || strcmp(tok[3], "cap") ||
             strcmp(tok[5], "default") )
            return perr(p, "MTRR record: expected \"MTRR: PAT X, cap Y, "
                        "default Z\"");
        if ( mtrr_num(p, tok[2], &m->pat) || mtrr_num(p, tok[4], &m->cap) ||
             mtrr_num(p, tok[6], &m->def_type) )
            return -1;
        bit = 0;
    }
    else if ( strcmp(tok[0], "var") == 0 && ntok == 4 )
    {
        if ( mtrr_num(p, tok[1], &i) || mtrr_num(p, tok[2], &a) ||
             mtrr_num(p, tok[3], &b) )
            return -1;
        if ( i >= XABI_MTRR_VAR )
            return perr(p, "MTRR record: var %llu (there are %d)",
                        (unsigned long long)i, XABI_MTRR_VAR);
        m->var[2 * i] = a;
        m->var[2 * i + 1] = b;
        bit = 1 + (unsigned)i;
    }
    else if ( strcmp(tok[0], "fixed") == 0 && ntok == 3 )
    {
        if ( mtrr_num(p, tok[1], &i) || mtrr_num(p, tok[2], &a) )
            return -1;
        if ( i >= XABI_MTRR_FIXED )
            return perr(p, "MTRR record: fixed %llx (there are %d)",
                        (unsigned long long)i, XABI_MTRR_FIXED);
        m->fixed[i] = a;
        bit = 1 + XABI_MTRR_VAR + (unsigned)i;
    }
    else
        return perr(p, "MTRR record: expected a \"var N BASE MASK\" or "
                    "\"fixed NN VALUE\" line");
    if ( (p->mtrr_lines >> bit) & 1 )
        return perr(p, "MTRR record: this line's register was given before");
    p->mtrr_lines |= 1u << bit;
    return 0;
}

static int entry_line(struct parser *p, char **tok, int ntok)
{
    uint64_t type, inst;

    if ( ntok < 6 || strcmp(tok[2], "type") || strcmp(tok[4], "instance") ||
         !num(p, tok[3], &type) || !num(p, tok[5], &inst) )
        return perr(p, "malformed save-record entry");
    if ( mtrr_end(p) )
        return -1;
    /* MTRR records follow the CPU records (save.h orders by type), one
     * per vCPU: read this vCPU's. */
    if ( type == XABI_HVM_SAVE_MTRR && p->saw_vcpu &&
         inst == (uint64_t)p->l->snap.vcpu )
    {
        if ( p->l->snap.has_mtrr )
            return perr(p, "a second MTRR record of vCPU %llu",
                        (unsigned long long)inst);
        p->in_mtrr = true;
        p->mtrr_lines = 0;
        p->mtrr_at = p->line;
    }
    if ( type == 2 && p->cpu_records++ == 0 )
    {
        if ( inst > MAX_ID )
            return perr(p, "CPU save record of vCPU %llu: out of range",
                        (unsigned long long)inst);
        p->l->snap.vcpu = (int32_t)inst;
        p->saw_vcpu = true;
    }
    return 0;
}

static int parse_line(struct parser *p, char *line)
{
    char *tok[MAX_TOKENS], *save = NULL, *t;
    bool has_paren = strchr(line, '(') != NULL;
    int ntok = 0, g;

    for ( t = strtok_r(line, " \t\r\n", &save); t;
          t = strtok_r(NULL, " \t\r\n", &save) )
    {
        if ( ntok == MAX_TOKENS )
            return perr(p, "more than %d words", MAX_TOKENS);
        tok[ntok++] = t;
    }
    if ( ntok == 0 )
        return 0;
    if ( strcmp(tok[0], "rip:") == 0 || strcmp(tok[0], "cs:eip:") == 0 )
        return perr(p, "a xenctx dump, which xabi does not read: it names "
                    "no domain or vCPU; record the vCPU with getctx (PV) or "
                    "xen-hvmctx (HVM, PVH)");
    if ( strcmp(tok[0], "Entry") == 0 )
        return entry_line(p, tok, ntok);
    if ( p->in_mtrr )
        return mtrr_line(p, tok, ntok);
    if ( p->cpu_records > 1 ) /* a second vCPU's record: not this one */
        return 0;
    if ( (g = seg_index(tok[0])) >= 0 )
        return seg_line(p, g, tok, ntok, has_paren);
    if ( strncmp(tok[0], "trap[", 5) == 0 )
        return trap_line(p, tok, ntok);
    if ( strncmp(tok[0], "gdt[", 4) == 0 )
        return gdt_line(p, tok, ntok);
    if ( strcmp(tok[0], "gdt.raw") == 0 ) /* "none (gdt_ents == 0)" */
    {
        p->l->snap.gdt_read = true;
        p->saw_gdt = true;
        return 0;
    }
    if ( strcmp(tok[0], "gdt.map_failed") == 0 ) /* not read: say so */
    {
        p->saw_gdt = true;
        return 0;
    }
    if ( strcmp(tok[0], "trap_entries") == 0 )
    {
        if ( p->saw_trap_entries )
            return perr(p, "trap_entries given twice");
        if ( ntok != 2 || !num(p, tok[1], &p->trap_entries) ||
             p->trap_entries > 256 )
            return perr(p, "trap_entries: expected a count from 0 to 256");
        if ( p->trap_entries != p->trap_lines )
            return perr(p, "trap_entries %llu, but %u trap[N] lines before "
                        "it", (unsigned long long)p->trap_entries,
                        p->trap_lines);
        p->saw_trap_entries = true;
        p->l->snap.traps_read = true;
        return 0;
    }
    if ( strcmp(tok[0], "start_info") == 0 && ntok > 2 &&
         strcmp(tok[1], "gpa") == 0 )
        return start_info_line(p, tok, ntok);
    return pairs_line(p, tok, ntok);
}

/* Does text[0..len) contain the string s?  (memmem is not C11.) */
static bool contains(const char *text, size_t len, const char *s)
{
    size_t n = strlen(s), i;

    for ( i = 0; i + n <= len; i++ )
    {
        if ( memcmp(text + i, s, n) == 0 )
            return true;
    }
    return false;
}

#define VGCF_IN_KERNEL (1u << 2)

bool xabi_snapshot_in_user_mode(const struct xabi_snapshot *s)
{
    return (s->type == XABI_GUEST_PV64 || s->type == XABI_GUEST_PV32) &&
           xabi_snapshot_has_reg(s, XABI_REG_VCPU_FLAGS) &&
           !(s->reg[XABI_REG_VCPU_FLAGS] & VGCF_IN_KERNEL);
}

/* The guest type when the recorder did not say. */
static enum xabi_guest_type infer_type(const struct parser *p)
{
    const struct xabi_snapshot *s = &p->l->snap;

    if ( s->has_start_info )
        return XABI_GUEST_PVH;
    if ( p->hvmctx || s->seg[XABI_SREG_CS].has_hidden )
        return XABI_GUEST_HVM;
    /* A ring 1 kernel's CS is FLAT_RING1_CS (abi/: xen-x86_32.h). */
    if ( (s->seg[XABI_SREG_CS].selector & ~3) ==
         (xabi_flat_selector(XABI_HC_PV32, "FLAT_RING1_CS")->value & ~3) )
        return XABI_GUEST_PV32;
    return XABI_GUEST_PV64;
}

/* Append name to the list in buf. */
static void missing(char *buf, size_t len, const char *name)
{
    size_t used = strlen(buf);

    snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
}

/*
 * Is everything there that a dump of its kind always prints?  -1 with an
 * error naming what is missing, at the line where the dump ends.
 */
static int check_whole(struct parser *p)
{
    const struct xabi_snapshot *s = &p->l->snap;
    /* As infer_type tells the guest types apart. */
    enum dump_kind kind =
        p->kv_segs || s->has_start_info                     ? DUMP_PVHINFO
        : p->hvmctx || s->seg[XABI_SREG_CS].has_hidden ? DUMP_HVMCTX
                                                       : DUMP_GETCTX;
    char lack[512] = "";
    unsigned i;

    if ( !p->saw_domid )
        missing(lack, sizeof(lack), p->hvmctx ? "domain" : "domid");
    if ( !p->saw_vcpu )
        missing(lack, sizeof(lack),
                p->hvmctx ? "a CPU save record (type 2)" : "vcpu");
    for ( i = 0; i < XABI_REG_MAX; i++ )
    {
        if ( ((required[kind].regs & ~s->reg_mask) >> i) & 1 )
            missing(lack, sizeof(lack), xabi_reg_name(i));
    }
    for ( i = 0; i < XABI_SREG_MAX; i++ )
    {
        if ( ((required[kind].segs >> i) & 1) &&
             (!s->seg[i].known ||
              (required[kind].hidden && !s->seg[i].has_hidden)) )
            missing(lack, sizeof(lack), xabi_sreg_name(i));
    }
    if ( required[kind].getctx )
    {
        if ( !s->cb[XABI_CB_EVENT].known )
            missing(lack, sizeof(lack), "event_callback_eip");
        if ( !s->cb[XABI_CB_FAILSAFE].known )
            missing(lack, sizeof(lack), "failsafe_callback_eip");
        if ( !s->cb[XABI_CB_SYSCALL].known )
            missing(lack, sizeof(lack), "syscall_callback_eip");
        if ( !p->saw_trap_entries )
            missing(lack, sizeof(lack), "trap_entries");
        if ( !p->saw_gdt )
            missing(lack, sizeof(lack), "a gdt line");
    }
    if ( required[kind].start_info && !s->has_start_info )
        missing(lack, sizeof(lack), "start_info");
    if ( lack[0] )
        return perr(p, "the %s dump ends here without %s: cut short?",
                    required[kind].name, lack);
    return 0;
}

/* Feed each line of text[0..len) to parse_line(); -1 at the first error. */
static int parse_lines(struct parser *p, const char *text, size_t len)
{
    char line[MAX_LINE];
    size_t pos = 0;

    while ( pos < len )
    {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

        p->line++;
        if ( n >= sizeof(line) )
            return perr(p, "longer than %d bytes", MAX_LINE - 1);
        if ( memchr(text + pos, '\0', n) )
            return perr(p, "a NUL byte: not a text dump");
        memcpy(line, text + pos, n);
        line[n] = '\0';
        if ( parse_line(p, line) )
            return -1;
        pos += n + 1;
    }
    return 0;
}

int xabi_snapshot_text_parse(const char *text, size_t len, const char *source,
                             const struct xabi_snapshot_text_opts *o,
                             struct xabi_snapshot **out, char *err,
                             size_t errlen)
{
    struct parser p;

    *out = NULL;
    memset(&p, 0, sizeof(p));
    p.err = err;
    p.errlen = errlen;
    p.name = source;
    p.l = calloc(1, sizeof(*p.l));
    if ( !p.l )
    {
        snprintf(err, errlen, "%s: out of memory for a snapshot (%zu bytes)",
                 source, sizeof(*p.l));
        return -1;
    }
    snprintf(p.l->snap.source, sizeof(p.l->snap.source), "text:%s", source);
    p.l->snap.gdt = p.l->gdt;
    p.hvmctx = contains(text, len, "HVM save record");
    p.last_trap = -1;
    if ( parse_lines(&p, text, len) )
    {
        free(p.l);
        return -1;
    }
    /* A dump cut inside its last line may end inside a number. */
    if ( len && text[len - 1] != '\n' )
    {
        perr(&p, "the last line has no end (no newline): cut short?");
        free(p.l);
        return -1;
    }
    if ( !p.saw_domid && !p.saw_state )
    {
        snprintf(err, errlen, "%s: no vCPU state found (not a getctx, "
                 "xen-hvmctx or pvhinfo dump?)", source);
        free(p.l);
        return -1;
    }
    if ( mtrr_end(&p) || check_whole(&p) )
    {
        free(p.l);
        return -1;
    }
    p.l->snap.type = o->type_known ? o->type : infer_type(&p);
    p.l->snap.phase = o->phase;
    p.l->snap.user_mode_seen = o->user_mode_seen;
    /*
     * A PV vCPU caught outside its kernel is in user mode now
     * (xen/include/public/arch-x86/xen.h: VGCF_in_kernel clear).
     */
    if ( o->user_mode_seen < 0 && xabi_snapshot_in_user_mode(&p.l->snap) )
        p.l->snap.user_mode_seen = 1;
    *out = &p.l->snap;
    return 0;
}

int xabi_snapshot_text_open(const char *path, FILE **f, char *err,
                            size_t errlen)
{
    struct stat sb;

    *f = fopen(path, "rb");
    if ( !*f )
    {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    if ( fstat(fileno(*f), &sb) == 0 && S_ISDIR(sb.st_mode) )
    {
        snprintf(err, errlen, "%s: is a directory, not a vCPU dump", path);
        fclose(*f);
        *f = NULL;
        return -1;
    }
    return 0;
}

int xabi_snapshot_text_load(const char *path,
                            const struct xabi_snapshot_text_opts *o,
                            struct xabi_snapshot **out, char *err,
                            size_t errlen)
{
    /* The largest real dump is ~19 KB; 1 MiB is generous. */
    enum { MAX_DUMP = 1 << 20 };
    char *buf;
    size_t n;
    FILE *f;
    int rc;

    *out = NULL;
    if ( xabi_snapshot_text_open(path, &f, err, errlen) )
        return -1;
    buf = malloc(MAX_DUMP);
    if ( !buf )
    {
        fclose(f);
        snprintf(err, errlen, "%s: out of memory for reading it (%d bytes)",
                 path, MAX_DUMP);
        return -1;
    }
    n = fread(buf, 1, MAX_DUMP, f);
    rc = ferror(f) ? -1 : 0;
    if ( rc )
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
    else if ( n == MAX_DUMP )
    {
        snprintf(err, errlen, "%s: larger than %d bytes: not a vCPU dump",
                 path, MAX_DUMP);
        rc = -1;
    }
    fclose(f);
    if ( !rc )
        rc = xabi_snapshot_text_parse(buf, n, path, o, out, err, errlen);
    free(buf);
    return rc;
}

void xabi_snapshot_text_free(struct xabi_snapshot *s)
{
    /* s is the first member of its struct loaded. */
    free(s);
}
