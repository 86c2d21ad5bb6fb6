/*
 * abi: what Xen's guest ABI says, as pure logic.
 *
 * Two halves, neither of which touches the database or prints:
 *
 *   - The decoder ring: x86 segment selectors and descriptors, trace event
 *     ids and trap-table entries, taken apart into plain records that the
 *     command line prints and the analyzer reads.  Names that depend on the
 *     Xen version (FLAT_* selectors, TRC_* ids) are not here: the caller
 *     looks them up in the catalogue and passes them in.
 *
 *   - The header importer: reads a directory of Xen public headers
 *     (xen/include/public, or /usr/include/xen) and extracts the facts the
 *     catalogue keeps: hypercall numbers, ELF notes, callback types, VM
 *     assists, FLAT selectors, the reserved GDT area, trace ids, sub-op
 *     numbers and the interface version.  It evaluates #define values that
 *     refer to other defines, counts what it cannot evaluate, and accepts
 *     any bytes without crashing.
 *
 * Invariants: every function that can fail returns 0 or -1 and leaves its
 * message on the object it was given; nothing here exits or keeps state
 * outside the objects passed in.
 */
#ifndef XABI_ABI_H
#define XABI_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- selectors ------------------------------------------------------ */

/*
 * Xen 2.0 reserved GDT entries from index 256; the FLAT_* comments in the
 * x86 headers still count from there ("GDT index 262" is 256 + 6), while
 * the area itself moved to FIRST_RESERVED_GDT_ENTRY (7168 since the
 * reserved area became page 14: xen/include/public/arch-x86/xen.h).
 */
#define XABI_GDT_HISTORIC_FIRST 256u

struct xabi_selector
{
    uint16_t value;
    unsigned index; /* bits 3-15 */
    bool ldt;       /* TI: the table is the LDT */
    unsigned rpl;   /* bits 0-1 */
    bool null;      /* a GDT index 0 selector: the null selector */
};

void xabi_selector_decode(uint16_t value, struct xabi_selector *out);

/*
 * The error code a #TS, #NP, #SS or #GP pushes names a selector or an IDT
 * vector (Intel SDM vol. 3 6.13 Error Code): bit 0 EXT, the event was
 * external to the program (a hardware interrupt or an earlier exception);
 * bit 1 IDT, bits 3-15 are an IDT vector; otherwise bit 2 TI picks the LDT
 * over the GDT and bits 3-15 are the descriptor index.
 */
struct xabi_selector_error
{
    uint32_t value;
    bool ext;         /* bit 0 */
    bool idt;         /* bit 1: index is an IDT vector */
    bool ldt;         /* bit 2, when !idt */
    unsigned index;   /* bits 3-15 */
    bool null;        /* the whole code is 0: no selector named */
    bool high;        /* bits 16-31 set: not a selector error code */
};

/* Does vector push a selector error code (#TS 10, #NP 11, #SS 12, #GP 13)? */
bool xabi_vector_selector_error(unsigned vector);
void xabi_selector_error_decode(uint32_t value, struct xabi_selector_error *out);
/*
 * One line for an exception and its error code, e.g. for #GP 0x202 "IDT
 * vector 0x40, INT $0x40 refused (gate DPL below CPL, or no gate)".  Only
 * the selector-error vectors are described; for the others, and for a code
 * with bits above 15, buf gets "".  Returns buf.
 */
char *xabi_error_code_describe(unsigned vector, uint32_t value, char *buf,
                               size_t len);

/* How a header comment's "GDT index N" relates to the real index. */
enum xabi_gdt_comment
{
    XABI_GDT_COMMENT_NONE,     /* the comment states no index */
    XABI_GDT_COMMENT_EXACT,    /* N is the real index */
    XABI_GDT_COMMENT_HISTORIC, /* N = 256 + (index - first reserved) */
    XABI_GDT_COMMENT_WRONG,    /* N is neither */
};

/*
 * Compare the index a header comment states with the selector's.
 * first_reserved is FIRST_RESERVED_GDT_ENTRY of the version; *stated
 * receives N when the comment has one.
 */
enum xabi_gdt_comment xabi_selector_check_comment(
    const struct xabi_selector *sel, unsigned first_reserved,
    const char *comment, unsigned long *stated);

/* The segment register a selector or descriptor is meant for. */
enum xabi_seg
{
    XABI_SEG_ANY,
    XABI_SEG_CS,
    XABI_SEG_SS,
    XABI_SEG_DS, /* also ES, FS, GS */
};

/*
 * Why a selector that a header names flat_name (FLAT_RING3_CS64, ...)
 * cannot go into register seg: a code selector in SS, a data selector in
 * CS.  With flat_name NULL, only the value is judged: the null selector
 * in SS.  NULL if it fits or the name says nothing.
 */
const char *xabi_selector_misfit(enum xabi_seg seg, const char *flat_name,
                                 uint16_t value);
/*
 * The same for a guest of type g (enum xabi_hc_guest), which picks the
 * header flat_name is read from (xabi_flat_header()): an HVM guest's
 * selectors name its own GDT, so only the value is judged, and a 64-bit
 * HVM kernel may hold the null selector in SS (Intel SDM vol. 2, MOV: in
 * 64-bit mode a null selector loads into SS when CPL < 3 and RPL = CPL).
 * g out of range judges as xabi_selector_misfit() does.
 */
const char *xabi_selector_misfit_for(int g, enum xabi_seg seg,
                                     const char *flat_name, uint16_t value);

/* ---- descriptors ---------------------------------------------------- */

enum xabi_desc_kind
{
    XABI_DESC_CODE,
    XABI_DESC_DATA,
    XABI_DESC_SYSTEM,
};

/* Problems that make a descriptor unusable as given. */
#define XABI_DESC_BAD_L_AND_D     (1u << 0) /* code with L=1 and D=1 */
#define XABI_DESC_BAD_CODE_IN_SS  (1u << 1)
#define XABI_DESC_BAD_RO_IN_SS    (1u << 2) /* read-only data in SS */
#define XABI_DESC_BAD_DATA_IN_CS  (1u << 3)
#define XABI_DESC_BAD_SYS_IN_SEG  (1u << 4) /* system descriptor in a seg reg */
#define XABI_DESC_BAD_RESERVED    (1u << 5) /* reserved system type */
#define XABI_DESC_BAD_UPPER_TYPE  (1u << 6) /* 16-byte form: upper type != 0 */
#define XABI_DESC_BAD_NEED_UPPER  (1u << 7) /* long mode: upper half missing */
#define XABI_DESC_BAD_XO_IN_DATA  (1u << 8) /* execute-only code in DS..GS */

struct xabi_descriptor
{
    uint64_t lo, hi; /* hi: upper quadword of the 16-byte form */
    bool wide;       /* hi was given */
    bool long_mode;  /* decode system types as long mode does */

    enum xabi_desc_kind kind;
    unsigned type; /* the 4-bit type field */
    bool s, p, avl, l, db, g;
    unsigned dpl;

    uint64_t base;
    uint32_t limit;      /* the 20-bit field */
    uint64_t limit_last; /* last byte offset: limit scaled by G */

    /* code: readable and conforming; data: writable and expand-down */
    bool accessed, readable, conforming, writable, expand_down;

    /* system descriptors */
    const char *sys_name; /* e.g. "64-bit TSS (available)" */
    bool gate;
    uint16_t gate_selector;
    uint64_t gate_offset;
    unsigned gate_params; /* 32-bit call gates: dword count */
    unsigned gate_ist;    /* long-mode interrupt and trap gates */

    unsigned bad; /* XABI_DESC_BAD_* */
};

/* Decode an 8-byte descriptor (wide false) or the 16-byte form. */
void xabi_descriptor_decode(uint64_t lo, uint64_t hi, bool wide,
                            bool long_mode, enum xabi_seg seg,
                            struct xabi_descriptor *out);
/* A one-line summary such as "flat 32-bit ring-1 data, read/write". */
void xabi_descriptor_summary(const struct xabi_descriptor *d, char *buf,
                             size_t len);
/* The message for one XABI_DESC_BAD_* bit; NULL for an unknown bit. */
const char *xabi_descriptor_bad_text(unsigned bit);

/* ---- trace events --------------------------------------------------- */

/* xen/include/public/trace.h: TRC_64_FLAG, the class and subclass shifts */
#define XABI_TRC_64_FLAG 0x100u

struct xabi_event
{
    uint32_t raw;      /* as given: may be a whole record header word */
    uint32_t id;       /* bits 0-27 */
    unsigned nextra;   /* bits 28-30 of a record header */
    bool cycles;       /* bit 31: a TSC follows */
    uint32_t cls;      /* bits 16-27 */
    unsigned subclass; /* bits 12-15 */
    unsigned number;   /* bits 0-11 */
    bool flag64;       /* TRC_64_FLAG in the event number */
};

void xabi_event_decode(uint32_t raw, struct xabi_event *out);
/*
 * The record layout of a named event, in words: NULL when xabi does not
 * know it.  Keyed by name, so it follows the renumbering of 4.3.
 */
const char *xabi_event_layout(const char *name, bool flag64);

/*
 * What an event id names beyond the TRC_* constants (abi/trace-names.c):
 * a runstate change with its old and new state, or a scheduler's own
 * event (TRC_SCHED_CLASS_EVT) with the scheduler's name for it.
 */
struct xabi_trc_name
{
    const char *name;      /* "TRC_CSCHED2_TICKLE"; NULL: not one xabi knows */
    bool runstate;         /* a TRC_SCHED_RUNSTATE_CHANGE */
    const char *old_state, *new_state; /* "runnable", "running", ... */
    const char *scheduler; /* "credit2"; NULL: not a scheduler event, or an
                              id no release gives a scheduler */
    unsigned sched_id, sched_event; /* TRC_SCHED_CLASS_EVT(sched_id, n) */
};

/*
 * Name id if it is a runstate change or in TRC_SCHED_CLASS: 0 with *out
 * (out->name NULL for a scheduler event xabi has no name for), else -1.
 */
int xabi_trc_name(uint32_t id, struct xabi_trc_name *out);

/*
 * xen/include/public/trace.h: TRC_HVM_SVM_EXIT (0x00081003) and
 * TRC_HVM_SVM_EXIT64 (0x00081103) from RELEASE-4.19.0; before it AMD's
 * exits were TRC_HVM_VMEXIT(64), as Intel's are.
 */
#define XABI_TRC_SVM_EXIT_SINCE "4.19"

/* Does Xen xen_version write AMD's exits as TRC_HVM_SVM_EXIT(64)? */
bool xabi_trc_svm_exit_ids(const char *xen_version);

/* ---- trap-table entries --------------------------------------------- */

/* xen/include/public/arch-x86/xen.h: struct trap_info */
struct xabi_trap_info
{
    unsigned vector;
    unsigned flags;
    unsigned dpl;     /* flags bits 0-1: lowest ring that may INT n */
    bool clear_mask;  /* flags bit 2: mask events on entry */
    unsigned rsvd;    /* other flag bits: should be zero */
    struct xabi_selector cs;
    uint64_t address;
    const char *mnemonic; /* "#GP", or NULL past the architectural ones */
    const char *vector_name;
};

void xabi_trap_info_decode(unsigned vector, unsigned flags, uint16_t cs,
                           uint64_t address, struct xabi_trap_info *out);

/* ---- Xen's dump tools ------------------------------------------------ */

/*
 * One release range of xen-hvmctx's CPU-record printf (abi/xen-tools.c
 * says what changed and where).
 */
struct xabi_hvmctx_format
{
    const char *first, *last; /* Xen releases; last NULL: still so */
    bool wide_selector;       /* selectors as "0x%8.8x", else "%#6.4x" */
    bool ds_es_swapped;       /* the "ds" line holds ES and "es" holds DS */
    const char *cite;
};

/* The format whose selectors have this shape; NULL if none. */
const struct xabi_hvmctx_format *xabi_hvmctx_format_by_shape(
    bool wide_selector);
/*
 * The register ("cs", "ds", ...) whose value format f prints on the line
 * labelled label; label itself where the two agree.
 */
const char *xabi_hvmctx_register_of(const struct xabi_hvmctx_format *f,
                                    const char *label);

/* ---- domain lifecycle ------------------------------------------------ */

/* xen/include/public/sched.h: SHUTDOWN_crash */
#define XABI_SHUTDOWN_CRASH 3

/*
 * The name of a shutdown reason (xen/include/public/sched.h: SHUTDOWN_*:
 * 0 poweroff to 4 watchdog in every release from 4.2, 5 soft_reset from
 * 4.7), or NULL for one no release defines.
 */
const char *xabi_shutdown_reason_name(uint32_t reason);

/* ---- numbers from the command line ---------------------------------- */

/*
 * Parse a whole C-style unsigned number (0x.., 0.., decimal, optional
 * U/L suffixes) no larger than max.  Returns 0, or -1 if s is anything
 * else.
 */
int xabi_parse_u64(const char *s, uint64_t max, uint64_t *out);

/* ---- Xen versions (abi/version.c) ----------------------------------- */

/* Is s a Xen version such as "4.17", "4.17.1" or "4.17-debian"? */
bool xabi_version_valid(const char *s);
/*
 * The release series of a valid version: "4.17" of "4.17.7" or
 * "4.17-debian", written to out.  The catalogue and the hypercall tables
 * are per series.  -1 if v is not a version (or past 99.99).
 */
int xabi_version_release(const char *v, char *out, size_t len);
/*
 * Compare dotted versions numerically: <0, 0, >0.  Only the parts both
 * have count: "4.17" == "4.17.7", "4.9" < "4.10".
 */
int xabi_version_cmp(const char *a, const char *b);

/* ---- which hypercalls Xen wires up for each guest type (hypercall.c) */

/*
 * The x86 guest types of Xen's dispatch tables.  PVH guests are HVM
 * guests: they use the hvm columns.
 */
enum xabi_hc_guest
{
    XABI_HC_PV32,
    XABI_HC_PV64,
    XABI_HC_HVM32,
    XABI_HC_HVM64,
    XABI_HC_GUESTS
};

#define XABI_HC_COL_PV32  (1u << XABI_HC_PV32)
#define XABI_HC_COL_PV64  (1u << XABI_HC_PV64)
#define XABI_HC_COL_HVM32 (1u << XABI_HC_HVM32)
#define XABI_HC_COL_HVM64 (1u << XABI_HC_HVM64)
#define XABI_HC_COL_HVM   (XABI_HC_COL_HVM32 | XABI_HC_COL_HVM64)

enum xabi_hc_allowed
{
    XABI_HC_ALLOWED,         /* the release's table wires it up */
    XABI_HC_NOT_ALLOWED,     /* it does not: Xen answers -ENOSYS */
    XABI_HC_UNKNOWN_VERSION, /* xabi has no table for that release */
};

/*
 * May a guest of type g make hypercall nr on Xen xen_version ("4.17",
 * "4.17.7")?  As Xen's default x86 build wires its tables: an entry under
 * a Kconfig option counts when that option is on by default.  *cite (may
 * be NULL) receives the table's file and symbol, for the release; NULL
 * when the version is unknown.
 */
enum xabi_hc_allowed xabi_abi_hypercall_allowed(const char *xen_version,
                                                enum xabi_hc_guest g,
                                                int64_t nr, const char **cite);

/* How one release wires one hypercall number. */
struct xabi_hc_wiring
{
    const char *name;      /* as the table names it; NULL: not in it */
    unsigned cols;         /* XABI_HC_COL_*: wired in the default build */
    unsigned cols_config;  /* XABI_HC_COL_*: whose wiring is conditional */
    const char *condition; /* the #if around it ("CONFIG_ARGO"), or NULL */
    bool condition_default; /* does the default x86 build take it? */
    const char *cite_pv, *cite_hvm; /* the tables, with the release tag */
};

/* 0 with *out, or -1 if xabi has no table for the version. */
int xabi_abi_hypercall_wiring(const char *xen_version, int64_t nr,
                              struct xabi_hc_wiring *out);
/* "pv32", "pv64", "hvm32", "hvm64". */
const char *xabi_hc_guest_name(enum xabi_hc_guest g);
/* The guest type of "PV32", "pv64", ... (any case); -1 for anything else. */
int xabi_hc_guest_parse(const char *s);
/* The i-th release with a table, oldest first ("4.2"); NULL past them. */
const char *xabi_hc_release(size_t i);

/* ---- the PV hypercall page (stub.c) -------------------------------- */

/* xen/include/public/xen.h: __HYPERVISOR_iret, the stub that differs. */
#define XABI_HYPERVISOR_IRET 23
#define XABI_STUB_MAX_INSN   8

/* An operand of a stub's instruction besides its register. */
enum xabi_stub_imm
{
    XABI_STUB_IMM_NONE,
    XABI_STUB_IMM_N,     /* the stub's hypercall number */
    XABI_STUB_IMM_FIXED, /* value */
};

/* One instruction, by Capstone's mnemonic and register names. */
struct xabi_stub_insn
{
    const char *mnemonic; /* "push", "mov", "syscall", "int" */
    const char *reg;      /* "rcx"; NULL: no register operand */
    enum xabi_stub_imm imm;
    int64_t value;        /* XABI_STUB_IMM_FIXED */
};

/* One layout of a stub: what the versions since..until write. */
struct xabi_stub_layout
{
    const char *name;          /* e.g. "pv64-hypercall" */
    enum xabi_hc_guest width;  /* XABI_HC_PV64 or XABI_HC_PV32 */
    bool iret;                 /* stub 23's layout, else every other's */
    const char *since, *until; /* until NULL: still written */
    const char *citation;      /* file: function, per version */
    const char *text;          /* its instructions, AT&T, N for the number */
    unsigned n;                /* instructions, then int3 to the end */
    struct xabi_stub_insn insn[XABI_STUB_MAX_INSN];
};

/* The layouts, newest first within a width and kind. */
const struct xabi_stub_layout *xabi_stub_layouts(size_t *n);
/* The layout of that name ("pv64-hypercall"); NULL if there is none. */
const struct xabi_stub_layout *xabi_stub_layout_named(const char *name);
/* Does Xen xen_version write layout l? */
bool xabi_stub_layout_written(const struct xabi_stub_layout *l,
                              const char *xen_version);

/* ---- what a guest starts with (boot.c) ----------------------------- */

/*
 * xen/include/public/arch-x86/hvm/start_info.h: XEN_HVM_START_MAGIC_VALUE,
 * the first field of the struct hvm_start_info a PVH guest's EBX points at
 * (the header since 4.8; the value has not changed).
 */
#define XABI_HVM_START_MAGIC 0x336ec578u

/* A FLAT_* selector of the x86 public headers (the same in 4.2-4.22). */
struct xabi_flat_selector
{
    enum xabi_hc_guest width; /* XABI_HC_PV64: xen-x86_64.h, PV32: _32.h */
    const char *header;       /* "arch-x86/xen-x86_64.h" */
    const char *name;         /* "FLAT_KERNEL_CS" */
    uint16_t value;
};

/* The FLAT_* selector name of the width's header; NULL if unknown. */
const struct xabi_flat_selector *xabi_flat_selector(enum xabi_hc_guest width,
                                                    const char *name);

/*
 * The header whose FLAT_* selectors a guest of type g loads: a 32-bit PV
 * kernel runs in ring 1 with xen-x86_32.h's, a 64-bit one in ring 3 with
 * xen-x86_64.h's.  NULL for HVM and PVH guests: their GDT is their own, and
 * no FLAT_* name applies to them.
 */
const char *xabi_flat_header(enum xabi_hc_guest g);

/* The selector a PV vCPU's register holds before its first instruction. */
struct xabi_start_selector
{
    enum xabi_hc_guest width; /* XABI_HC_PV64 or XABI_HC_PV32 */
    const char *reg;          /* "cs" .. "gs", or "kernel_ss" */
    const char *flat;         /* the FLAT_* name it is loaded with */
};

/* Every (width, register) of a PV start of day, 64-bit first. */
const struct xabi_start_selector *xabi_start_selectors(size_t *n);
/* The selector value s names; -1 if the FLAT_* name is unknown. */
int xabi_start_selector_value(const struct xabi_start_selector *s);

/* ---- the claims register (claims.c) ---------------------------------- */

enum xabi_claim_kind
{
    XABI_CLAIM_START_SELECTOR, /* reg & mask == value at a guest's start */
    XABI_CLAIM_GDT_INDEX,      /* the FLAT_* selector reg is GDT index value */
    XABI_CLAIM_REG_BITS,       /* reg & mask == value at a guest's start */
    XABI_CLAIM_SEGMENT,        /* the regs' hidden state as pvh.pandoc says */
    XABI_CLAIM_START_INFO,     /* reg points at hvm_start_info, magic value */
    XABI_CLAIM_RSDP,           /* the start info gives the RSDP's address */
    XABI_CLAIM_DUMP_LABEL,     /* a text dump's line labelled reg holds reg */
    XABI_CLAIM_TRAP_DPL3,      /* vector value reaches a vDPL 0 handler */
    XABI_CLAIM_TRAP_TERMINAL,  /* an exception with no handler is terminal */
    XABI_CLAIM_INT82_DPL1,     /* PV32 kernels' INT $0x82 reaches Xen */
    XABI_CLAIM_CALL_GATE_DPL0, /* call gates in a guest's GDT are DPL 0 */
    XABI_CLAIM_ENTRY_NOTE,     /* a guest starts at its kernel's note reg */
    XABI_CLAIM_MTRR_DEFAULT,   /* a domU starts with MTRRs on, default WB */
    XABI_CLAIM_MTRR_RAM_WB,    /* a domU's RAM starts WB under its MTRRs */
    XABI_CLAIM_PV_START_INFO,  /* a PV guest starts with start_info at rSI */
    XABI_CLAIM_UNOBSERVABLE,   /* nothing xabi reads can show it: see
                                * decided_by, which says why */
};

/* A checkable statement of a document, and what decides it. */
struct xabi_claim
{
    unsigned nr;         /* stable, never reused: finding.fact_key */
    const char *doc;     /* where it is written: page, file */
    const char *section; /* the section, or the symbol it is written at */
    const char *says;    /* what it says, as a sentence */
    const char *guest;   /* the guest types it is about: "PV64", "HVM PVH" */
    enum xabi_claim_kind kind;
    const char *reg;     /* register(s), or the FLAT_* name */
    uint64_t mask, value;
    const char *decided_by; /* the facts (and rules) that decide it */
};

/*
 * A gate Xen installs in its own IDT, as a PV guest meets it (abi/idt.c):
 * vector (-1: every vector not listed), its DPL, what kind of gate, what
 * it means for the guest, and where Xen's source sets it.
 */
struct xabi_xen_gate
{
    int vector;
    unsigned dpl;
    const char *gate;
    const char *means;
    const char *citation;
};

/* Xen's IDT gates for PV guests, vector order, the catch-all last. */
const struct xabi_xen_gate *xabi_xen_idt_gates(size_t *n);
/* The release tags the table was read at, as a phrase. */
const char *xabi_xen_idt_read_at(void);

/* Every claim, by number. */
const struct xabi_claim *xabi_claims(size_t *n);
/* The claim numbered nr, or NULL. */
const struct xabi_claim *xabi_claim_find(unsigned nr);
/*
 * What DOC-001's verdict on a claim means: "refuted" (INFO), "verified"
 * (PASS), "not observable" (NOT-OBSERVED).
 */
const char *xabi_claim_verdict_word(const char *verdict);

/* ---- the header importer -------------------------------------------- */

#define XABI_ABI_NAME    64
#define XABI_ABI_COMMENT 160
#define XABI_ABI_HEADER  48

struct xabi_abi_hypercall
{
    int64_t nr;
    char name[XABI_ABI_NAME]; /* without __HYPERVISOR_ */
    char alias_of[XABI_ABI_NAME]; /* empty unless a compat alias */
    bool x86_only, deprecated, dropped;
    char comment[XABI_ABI_COMMENT];
};

#define XABI_ABI_KIND    24

/*
 * Who a definition is for, from the conditionals around it: every guest;
 * the toolstack (#if defined(__XEN__) || defined(__XEN_TOOLS__), and all
 * of domctl.h and sysctl.h); or Xen itself (#ifdef __XEN__, such as
 * EVTCHNOP_reset_cont), which no guest comparison counts.
 */
enum xabi_audience
{
    XABI_AUDIENCE_GUEST,
    XABI_AUDIENCE_TOOLS,
    XABI_AUDIENCE_XEN,
};

#define XABI_ABI_AUDIENCE 8

/* "guest", "tools", "xen"; and back (-1 for anything else). */
const char *xabi_audience_name(enum xabi_audience a);
int xabi_audience_parse(const char *s);

struct xabi_abi_constant
{
    char kind[XABI_ABI_KIND]; /* elfnote, callbacktype, vmasst,
                                 flat_selector, gdt, trc, interface,
                                 xenfeat, hvm_param, cpuid */
    char name[XABI_ABI_NAME];
    int64_t value;
    char header[XABI_ABI_HEADER]; /* relative to the directory */
    char comment[XABI_ABI_COMMENT];
    enum xabi_audience audience;
};

struct xabi_abi_subop
{
    char hypercall[XABI_ABI_KIND]; /* sched_op, ... */
    int64_t nr;
    char name[XABI_ABI_NAME];
    enum xabi_audience audience;
};

#define XABI_ABI_WIDTH 8

/*
 * A struct or union layout of one x86 width (schema/004-abi.sql:
 * abi_layout), and its members in declaration order.  The catalogue has
 * them from the DWARF of the compiled headers (scripts/make-catalogue.sh);
 * the header importer does not read C declarations.
 */
struct xabi_abi_layout
{
    char width[XABI_ABI_WIDTH]; /* x86_32, x86_64 */
    char name[XABI_ABI_NAME];   /* the tag: hvm_start_info */
    char kind[XABI_ABI_WIDTH];  /* struct, union */
    int64_t size;
    char header[XABI_ABI_HEADER];
    size_t first, n; /* its members: abi->mem[first .. first + n) */
};

struct xabi_abi_member
{
    char name[XABI_ABI_NAME]; /* "arg1.mfn": what offsetof() accepts */
    int64_t offset, size;     /* bytes */
    char type[XABI_ABI_NAME]; /* as DWARF spells it: uint64_t */
    int64_t bit_offset, bit_size; /* bit-fields only, else -1 */
};

/* Everything imported from one directory of headers. */
struct xabi_abi
{
    struct xabi_abi_hypercall *hc;
    size_t nhc, cap_hc;
    struct xabi_abi_constant *con;
    size_t ncon, cap_con;
    struct xabi_abi_subop *sub;
    size_t nsub, cap_sub;
    struct xabi_abi_layout *lay;
    size_t nlay, cap_lay;
    struct xabi_abi_member *mem;
    size_t nmem, cap_mem;

    bool have_interface;
    int64_t interface_version;
    char source[256];  /* where the headers came from, when loaded */
    char version[64];  /* the catalogue version, when loaded */
    unsigned files;   /* headers read */
    unsigned skipped; /* wanted defines whose value could not be evaluated */
    char errmsg[512];
};

/* An empty import; free with xabi_abi_free (which accepts NULL). */
struct xabi_abi *xabi_abi_new(void);
void xabi_abi_free(struct xabi_abi *abi);

/* Append a copy of one fact; 0, or -1 when memory runs out. */
int xabi_abi_add_hypercall(struct xabi_abi *abi,
                           const struct xabi_abi_hypercall *h);
int xabi_abi_add_constant(struct xabi_abi *abi,
                          const struct xabi_abi_constant *c);
int xabi_abi_add_subop(struct xabi_abi *abi, const struct xabi_abi_subop *s);
/* A layout, then its members, which belong to the last layout added. */
int xabi_abi_add_layout(struct xabi_abi *abi, const struct xabi_abi_layout *l);
int xabi_abi_add_member(struct xabi_abi *abi, const struct xabi_abi_member *m);

/*
 * Parse one header's bytes (any bytes: NUL, unterminated comments, lines
 * of any length) and add what it defines.  header is the path relative to
 * the directory, such as "arch-x86/xen-x86_64.h": it selects which
 * prefixes are collected.  Returns -1 only when memory runs out.
 */
int xabi_abi_parse_file(struct xabi_abi *abi, const char *header,
                        const char *buf, size_t len);

/*
 * Read every header the catalogue uses from dir.  Fails, with a message in
 * abi->errmsg, if dir is missing or does not hold Xen's public headers.
 */
int xabi_abi_import_dir(struct xabi_abi *abi, const char *dir);

/* Look up one constant; NULL if absent. */
const struct xabi_abi_constant *xabi_abi_constant_find(
    const struct xabi_abi *abi, const char *kind, const char *header,
    const char *name);

/* ---- comparing two versions ----------------------------------------- */

enum xabi_change_kind
{
    XABI_CHANGE_ADDED,
    XABI_CHANGE_REMOVED,
    XABI_CHANGE_RENUMBERED, /* same name, new value */
    XABI_CHANGE_RENAMED,    /* same value, one name gone and one new */
    XABI_CHANGE_COMMENT,    /* the header comment on the line changed */
    XABI_CHANGE_FLAGS,      /* x86-only, deprecated, dropped, alias */
    XABI_CHANGE_BUMPED,     /* an interface version or a _MAX moved on */
    XABI_CHANGE_RESIZED,    /* a layout's or a member's size changed */
    XABI_CHANGE_MOVED,      /* a member's offset changed */
    XABI_CHANGE_RETYPED,    /* a member's type name changed, not its place */
    XABI_CHANGE_REDIRECTED, /* a name now means another number; the old
                               number keeps its meaning under another name */
};

/*
 * One difference from version A to version B.
 *
 * Layouts: what is "layout" with group the width (x86_64) and name the
 * tag, the values its sizes; or "member" with layout the tag, name the
 * member, the values its offsets, the sizes in old_size and new_size and
 * the texts its type names.
 */
struct xabi_change
{
    enum xabi_change_kind kind;
    char what[XABI_ABI_KIND];     /* hypercall, subop, a constant kind,
                                     layout or member */
    char group[XABI_ABI_HEADER];  /* the header, the sub-op's hypercall,
                                     or a layout's width */
    char layout[XABI_ABI_NAME];   /* member: the layout it belongs to */
    char name[XABI_ABI_NAME];     /* the name in B (in A when removed) */
    char old_name[XABI_ABI_NAME]; /* renamed: the name in A */
    int64_t old_value, new_value;
    int64_t old_size, new_size;   /* member: sizes in bytes */
    char old_text[XABI_ABI_COMMENT], new_text[XABI_ABI_COMMENT];
    enum xabi_audience audience;  /* tools-only changes break no guest */
};

/* What a diff compared: items (the union of A's and B's) and kinds. */
struct xabi_diff_scope
{
    unsigned items;      /* facts, layouts and members looked at */
    unsigned categories; /* hypercall, each constant kind, subop, ... */
    bool layouts;        /* false when either side has no layouts */
};

/* Called per change; a non-zero return stops the diff and is returned. */
typedef int (*xabi_change_fn)(void *ctx, const struct xabi_change *c);

/*
 * Report every difference from a to b, hypercalls first, then constants
 * by kind, then sub-ops.  Returns 0, -1 when memory runs out, or what fn
 * returned to stop.
 */
int xabi_abi_diff(const struct xabi_abi *a, const struct xabi_abi *b,
                  xabi_change_fn fn, void *ctx);
/*
 * The same, then layouts and their members per width (only when both
 * sides have layouts: a version imported from headers has none), filling
 * *scope (which may be NULL) with what was compared.
 */
int xabi_abi_diff_scoped(const struct xabi_abi *a, const struct xabi_abi *b,
                         xabi_change_fn fn, void *ctx,
                         struct xabi_diff_scope *scope);
/* "added", "removed", ... */
const char *xabi_change_kind_name(enum xabi_change_kind kind);
/*
 * Would the change break a guest built against A (abidiff's 8)?  A number
 * that went away or changed meaning (hypercall, sub-op, ELF note, callback
 * type, VM assist, selector), a layout that went away, a member that moved,
 * changed size or went away (unless it was padding).  Not: additions,
 * renames (the number stays), comments and markers, bumped interface
 * versions and _MAX values, a layout's size alone (a guest reading the old
 * members still finds them), trace ids (xentrace's interface, not a
 * guest's), anything only the toolstack sees.
 */
bool xabi_change_incompatible(const struct xabi_change *c);

/* ---- comparing what two runs used ------------------------------------ */

/* How often a run used one thing: a hypercall, a trap vector, ... */
struct xabi_usage
{
    int64_t domid;            /* whose; -1 for records of no known domain */
    char kind[XABI_ABI_KIND]; /* a fact kind: hypercall, trap, ... */
    int64_t key;              /* its number, as fact_kind.key_meaning says */
    uint64_t count;
    uint64_t with_error_code; /* of count, how many carried an error code */
    char name[XABI_ABI_NAME]; /* a name the store gave it (HVM exits), or "" */
};

/* All the usage of one run, with per-kind totals for shares. */
struct xabi_usage_set
{
    struct xabi_usage *v;
    size_t n, cap;
};

enum xabi_usage_change_kind
{
    XABI_USAGE_ONLY_A,  /* A used it, B never */
    XABI_USAGE_ONLY_B,
    XABI_USAGE_FACTOR,  /* both, but its share of the kind differs a lot */
    XABI_USAGE_ERRCODE, /* both, but only one delivered error codes */
};

struct xabi_usage_change
{
    enum xabi_usage_change_kind kind;
    const struct xabi_usage *a, *b; /* NULL on the side that lacks it */
    double share_a, share_b;        /* of all uses of that kind, 0..1 */
    double factor;                  /* larger share / smaller share */
};

typedef int (*xabi_usage_fn)(void *ctx, const struct xabi_usage_change *c);

/* Add one row; rows of the same domain, kind and key are summed. */
int xabi_usage_add(struct xabi_usage_set *set, const struct xabi_usage *u);
/* Free the rows (not the set itself, which is usually on the stack). */
void xabi_usage_clear(struct xabi_usage_set *set);
/*
 * Report what one run used and the other did not, and what both used with
 * shares that differ by factor or more (shares, not counts, so runs of
 * different lengths compare).  Sorted by kind, then key.  Returns 0, or
 * what fn returned to stop.
 */
int xabi_usage_diff(struct xabi_usage_set *a, struct xabi_usage_set *b,
                    double factor, xabi_usage_fn fn, void *ctx);
/* "only-a", "only-b", "factor", "error-code". */
const char *xabi_usage_change_name(enum xabi_usage_change_kind kind);
/* "#GP" for vector 13; NULL past the architectural vectors. */
const char *xabi_vector_mnemonic(unsigned vector);

/*
 * x86 MTRRs (abi/mtrr.c).  A vCPU's are saved as struct hvm_hw_mtrr,
 * HVM_SAVE_CODE(MTRR) (xen/include/public/arch-x86/hvm/save.h): PAT,
 * XABI_MTRR_VAR base/mask pairs (MTRR_VCNT), XABI_MTRR_FIXED fixed-range
 * MSRs (NUM_FIXED_MSR), MTRRcap, MTRRdefType.
 */
#define XABI_HVM_SAVE_MTRR 14
#define XABI_MTRR_VAR 8
#define XABI_MTRR_FIXED 11
#define XABI_MTRR_UC 0
#define XABI_MTRR_WB 6
/* "UC", "WC", "WT", "WP", "WB", or "reserved". */
const char *xabi_mtrr_type_name(unsigned type);
/* "MTRRdefType 0x806: MTRRs enabled, fixed ranges disabled, default ..." */
void xabi_mtrr_def_type_text(uint64_t def_type, char *buf, size_t n);
/* Enabled, with WB the default type? */
bool xabi_mtrr_default_wb(uint64_t def_type);
/*
 * Is every address WB under these MTRRs (var: base/mask pairs)?  1 yes, 0
 * no address is (the MTRRs are disabled), -1 some range is not WB, so it
 * takes the memory map to say about RAM.  Why, in why.
 */
int xabi_mtrr_all_wb(uint64_t def_type,
                     const uint64_t var[2 * XABI_MTRR_VAR],
                     const uint64_t fixed[XABI_MTRR_FIXED], char *why,
                     size_t n);

#endif /* XABI_ABI_H */
