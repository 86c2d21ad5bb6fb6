/*
 * page-pvh.c: the PVH boot ABI (Xen's docs/misc/pvh.pandoc): the
 * start-of-day register and segment state the guest is promised, next to
 * what the initial vCPU snapshots of PVH guests show and the findings of
 * rules PVH-001..004 on them, and the Xen ELF notes a PVH kernel carries.
 * Whether a value is as required is the analyzer's verdict, quoted from
 * the store; the page only shows the values.
 */
#include "abi/abi.h"
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct snap
{
    const struct xabi_rows *regs, *segs, *info, *findings;
    const char *id; /* the snapshot */
};

static bool reg(const struct snap *s, const char *name, long long *v)
{
    size_t r;

    for ( r = 0; r < s->regs->nrows; r++ )
    {
        if ( !strcmp(xabi_rows_get(s->regs, r, "id"), s->id) &&
             !strcmp(xabi_rows_get(s->regs, r, "name"), name) )
        {
            *v = xabi_rows_num(s->regs, r, "value");
            return true;
        }
    }
    return false;
}

/* Segment name of the snapshot as an 8-byte descriptor, with its selector
 * and the label its dump printed it under (NULL: its own name). */
static bool seg(const struct snap *s, const char *name, uint64_t *raw,
                long long *sel, const char **label)
{
    const struct xabi_rows *t = s->segs;
    size_t r;

    for ( r = 0; r < t->nrows; r++ )
    {
        if ( strcmp(xabi_rows_get(t, r, "id"), s->id) ||
             strcmp(xabi_rows_get(t, r, "reg"), name) ||
             xabi_rows_null(t, r, "attr") )
            continue;
        *raw = xabi_desc_raw_from_attr(
            (unsigned)xabi_rows_num(t, r, "attr"),
            (uint64_t)xabi_rows_num(t, r, "base"),
            (uint64_t)xabi_rows_num(t, r, "seg_limit"));
        *sel = xabi_rows_num(t, r, "selector");
        *label = xabi_rows_null(t, r, "source_label")
                     ? NULL
                     : xabi_rows_get(t, r, "source_label");
        return true;
    }
    return false;
}

/* One requirement: fills what was observed; false if the snapshot lacks it. */
typedef bool (*show_fn)(const struct snap *s, const char *arg, char *obs,
                        size_t n);

static bool show_reg(const struct snap *s, const char *arg, char *obs,
                     size_t n)
{
    long long v;

    if ( !reg(s, arg, &v) )
        return false;
    snprintf(obs, n, "%s = 0x%llx", arg, v);
    return true;
}

static bool show_seg(const struct snap *s, const char *arg, char *obs,
                     size_t n)
{
    const struct xabi_hvmctx_format *f = xabi_hvmctx_format_by_shape(false);
    const char *label;
    uint64_t raw;
    long long sel;
    char sum[300];

    if ( !seg(s, arg, &raw, &sel, &label) )
        return false;
    xabi_desc_text(raw, strcmp(arg, "tr") ? arg : "", sum, sizeof(sum));
    if ( label && f )
        /* The citation up to its release list: file and function. */
        snprintf(obs, n, "%s = 0x%llx: %s (printed as \"%s\" by the dump: "
                 "xen-hvmctx swaps the ds and es labels from Xen %s on, "
                 "%.*s)",
                 arg, sel, sum, label, f->first,
                 strstr(f->cite, " (") ? (int)(strstr(f->cite, " (") - f->cite)
                                       : (int)strlen(f->cite),
                 f->cite);
    else
        snprintf(obs, n, "%s = 0x%llx: %s", arg, sel, sum);
    return true;
}

static bool show_start_info(const struct snap *s, const char *arg, char *obs,
                            size_t n)
{
    const struct xabi_rows *t = s->info;
    long long rbx = 0;
    size_t r;

    (void)arg;
    for ( r = 0; r < t->nrows; r++ )
    {
        if ( strcmp(xabi_rows_get(t, r, "id"), s->id) )
            continue;
        reg(s, "rbx", &rbx);
        snprintf(obs, n, "EBX = 0x%llx; magic there 0x%llx "
                 "(XEN_HVM_START_MAGIC_VALUE is 0x%x)", rbx,
                 xabi_rows_num(t, r, "magic"), XABI_HVM_START_MAGIC);
        return true;
    }
    if ( reg(s, "rbx", &rbx) )
    {
        snprintf(obs, n, "EBX = 0x%llx; the start info was not read", rbx);
        return true;
    }
    return false;
}

/* What docs/misc/pvh.pandoc requires, and the rule that checks it. */
static const struct requirement
{
    const char *what, *required, *arg, *rule;
    show_fn show;
} reqs[] = {
    { "CR0", "PE set, every other writable bit clear (ET reads 1)", "cr0",
      "PVH-001", show_reg },
    { "CR4", "0", "cr4", "PVH-001", show_reg },
    { "EFLAGS", "VM, IF and TF clear", "rflags", "PVH-003", show_reg },
    { "CS", "flat 32-bit code, whatever the selector", "cs", "PVH-002",
      show_seg },
    { "DS", "flat 32-bit data, whatever the selector", "ds", "PVH-002",
      show_seg },
    { "ES", "flat 32-bit data, whatever the selector", "es", "PVH-002",
      show_seg },
    { "SS", "flat 32-bit data, whatever the selector", "ss", "PVH-002",
      show_seg },
    { "TR", "a 32-bit TSS, limit 0x67", "tr", "PVH-002", show_seg },
    { "EBX", "the address of struct hvm_start_info, whose magic is "
      "XEN_HVM_START_MAGIC_VALUE", NULL, "PVH-004", show_start_info },
};

/* Rows of one requirement: each distinct (observed, finding) once. */
struct merged
{
    char obs[1024], finding[1024], who[512];
};

/*
 * One row per requirement and distinct observation over the initial PVH
 * snapshots of the group, with the runs, domains and vCPUs that showed it.
 */
static void state_table(struct xabi_dict *run, const struct xabi_rows *snaps,
                        struct snap *s)
{
    struct xabi_dict *t = xabi_gen_table(run, "STATE",
                                         "Start-of-day state: required and "
                                         "observed");
    struct merged *m = calloc(snaps->nrows + 1, sizeof(*m));
    size_t i, r, k, nm;

    xabi_gen_th(t, "register");
    xabi_gen_th(t, "required (docs/misc/pvh.pandoc)");
    xabi_gen_th(t, "observed");
    xabi_gen_th(t, "who");
    xabi_gen_th(t, "finding (xabi check)");
    if ( !m )
        return;
    for ( i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++ )
    {
        nm = 0;
        for ( r = 0; r < snaps->nrows; r++ )
        {
            char obs[1024], fi[1024], who[64], one[128];

            if ( strcmp(xabi_rows_get(snaps, r, "guest_type"), "PVH") ||
                 strcmp(xabi_rows_get(snaps, r, "phase"), "initial") )
                continue;
            s->id = xabi_rows_get(snaps, r, "id");
            if ( !reqs[i].show(s, reqs[i].arg, obs, sizeof(obs)) )
                snprintf(obs, sizeof(obs), "not read");
            xabi_gen_finding_text(fi, sizeof(fi), s->findings, reqs[i].rule,
                                  s->id, true);
            xabi_gen_who(who, sizeof(who), xabi_rows_get(snaps, r, "domid"),
                         xabi_rows_get(snaps, r, "vcpu"));
            snprintf(one, sizeof(one), "run %s %s",
                     xabi_rows_get(snaps, r, "run_id"), who);
            for ( k = 0; k < nm; k++ )
            {
                if ( !strcmp(m[k].obs, obs) && !strcmp(m[k].finding, fi) )
                    break;
            }
            if ( k == nm )
            {
                snprintf(m[k].obs, sizeof(m[k].obs), "%s", obs);
                snprintf(m[k].finding, sizeof(m[k].finding), "%s", fi);
                m[k].who[0] = '\0';
                nm++;
            }
            if ( strlen(m[k].who) + strlen(one) + 3 < sizeof(m[k].who) )
                snprintf(m[k].who + strlen(m[k].who),
                         sizeof(m[k].who) - strlen(m[k].who), "%s%s",
                         m[k].who[0] ? ", " : "", one);
        }
        for ( k = 0; k < nm; k++ )
        {
            struct xabi_dict *tr = xabi_gen_tr(t);

            xabi_gen_td(tr, reqs[i].what);
            xabi_gen_td(tr, reqs[i].required);
            xabi_gen_td(tr, m[k].obs);
            xabi_gen_td(tr, m[k].who);
            xabi_gen_td(tr, m[k].finding);
        }
    }
    free(m);
}

/*
 * Every field of the hvm_start_info the snapshots read, each distinct set
 * of values once, with the snapshots that showed it.
 */
static void start_info_table(struct xabi_dict *run,
                             const struct xabi_rows *snaps,
                             const struct xabi_rows *info)
{
    static const char *const fields[] = {
        "gpa", "magic", "version", "flags", "nr_modules", "modlist_paddr",
        "cmdline_paddr", "rsdp_paddr", "memmap_paddr", "memmap_entries",
    };
    struct xabi_dict *t = NULL;
    size_t r, k, i;

    for ( r = 0; r < info->nrows; r++ )
    {
        struct xabi_dict *tr;
        char who[512];
        size_t wl = 0;
        bool dup = false;

        /* The same values as an earlier row: shown there. */
        for ( k = 0; k < r && !dup; k++ )
        {
            dup = true;
            for ( i = 0; i < sizeof(fields) / sizeof(fields[0]); i++ )
                dup = dup && !strcmp(xabi_rows_get(info, k, fields[i]),
                                     xabi_rows_get(info, r, fields[i]));
        }
        if ( dup )
            continue;
        who[0] = '\0';
        for ( k = r; k < info->nrows; k++ )
        {
            bool same = true;
            size_t q;

            for ( i = 0; i < sizeof(fields) / sizeof(fields[0]); i++ )
                same = same && !strcmp(xabi_rows_get(info, k, fields[i]),
                                       xabi_rows_get(info, r, fields[i]));
            if ( !same )
                continue;
            for ( q = 0; q < snaps->nrows && wl < sizeof(who); q++ )
            {
                char w[64];

                if ( strcmp(xabi_rows_get(snaps, q, "id"),
                            xabi_rows_get(info, k, "id")) )
                    continue;
                xabi_gen_who(w, sizeof(w), xabi_rows_get(snaps, q, "domid"),
                             xabi_rows_get(snaps, q, "vcpu"));
                wl += (size_t)snprintf(who + wl, sizeof(who) - wl,
                                       "%srun %s %s", wl ? ", " : "",
                                       xabi_rows_get(snaps, q, "run_id"), w);
            }
        }
        if ( !t )
        {
            t = xabi_gen_table(run, "START_INFO", "struct hvm_start_info "
                               "as read at EBX (xen/include/public/"
                               "arch-x86/hvm/start_info.h)");
            for ( i = 0; i < sizeof(fields) / sizeof(fields[0]); i++ )
                xabi_gen_th(t, fields[i]);
            xabi_gen_th(t, "who");
        }
        tr = xabi_gen_tr(t);
        for ( i = 0; i < sizeof(fields) / sizeof(fields[0]); i++ )
        {
            if ( xabi_rows_null(info, r, fields[i]) )
                xabi_gen_td(tr, "not read");
            else if ( i == 2 || i == 4 || i == 9 )
                xabi_gen_td(tr, xabi_rows_get(info, r, fields[i]));
            else
                xabi_gen_tdf(tr, "0x%llx",
                             xabi_rows_num(info, r, fields[i]));
        }
        xabi_gen_td(tr, who);
    }
    if ( !t )
        xabi_dict_show(run, "NO_START_INFO");
}

/* A note's value as the kernel wrote it: text, a number, or raw bytes. */
static void note_value(char *buf, size_t n, const struct xabi_rows *t,
                       size_t r)
{
    if ( !xabi_rows_null(t, r, "text") )
        snprintf(buf, n, "\"%s\"", xabi_rows_get(t, r, "text"));
    else if ( !xabi_rows_null(t, r, "value") )
        snprintf(buf, n, "0x%llx",
                 (unsigned long long)xabi_rows_num(t, r, "value"));
    else
        snprintf(buf, n, "bytes %s", xabi_rows_get(t, r, "raw"));
}

/* The Xen notes a collected kernel image carries (run i is an image). */
static int image_notes(struct xabi_gen *g, struct xabi_dict *d, size_t i)
{
    static const char *const head[] = { "note", "type", "value", "bytes",
                                        "at offset" };
    struct xabi_dict *sec, *t;
    struct xabi_rows n;
    char h[160], val[512];
    const char *phys32 = NULL;
    size_t r;

    if ( xabi_gen_load(g, &n, "page_image_notes",
                       xabi_rows_num(&g->runs, i, "id"), "elfnote") )
        return -1;
    sec = xabi_dict_add_section(d, "IMAGE");
    snprintf(h, sizeof(h), "Run %s: the kernel image %.100s",
             xabi_rows_get(&g->runs, i, "id"),
             xabi_gen_basename(xabi_rows_get(&g->runs, i, "source_path")));
    xabi_gen_heading(sec, "HEADING", h);
    t = xabi_gen_table(sec, "IMG_NOTES", "Xen ELF notes in the kernel");
    for ( r = 0; r < sizeof(head) / sizeof(head[0]); r++ )
        xabi_gen_th(t, head[r]);
    for ( r = 0; r < n.nrows; r++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);

        note_value(val, sizeof(val), &n, r);
        if ( !strcmp(xabi_rows_get(&n, r, "name"), "XEN_ELFNOTE_PHYS32_ENTRY") )
            phys32 = xabi_rows_get(&n, r, "value");
        xabi_gen_td(tr, *xabi_rows_get(&n, r, "name")
                            ? xabi_rows_get(&n, r, "name")
                            : "no name in this Xen version's headers");
        xabi_gen_td(tr, xabi_rows_get(&n, r, "type"));
        xabi_gen_td(tr, val);
        xabi_gen_td(tr, xabi_rows_get(&n, r, "size"));
        xabi_gen_td(tr, xabi_rows_get(&n, r, "offset"));
    }
    if ( !n.nrows )
        xabi_dict_show(sec, "NO_NOTES");
    else if ( phys32 && *phys32 )
        xabi_dict_setf(xabi_dict_add_section(sec, "PHYS32"), "ENTRY",
                       "0x%llx", (unsigned long long)strtoll(phys32, NULL,
                                                             10));
    else
        xabi_dict_show(sec, "NO_PHYS32");
    xabi_rows_free(&n);
    return 0;
}

/* The ELF notes of the version of run i, unless an earlier run had it. */
static int elf_notes(struct xabi_gen *g, struct xabi_dict *d, size_t i)
{
    const char *v = xabi_rows_get(&g->runs, i, "xen_version");
    struct xabi_dict *sec, *t;
    struct xabi_rows n;
    char cap[96];
    size_t r;

    for ( r = 0; r < i; r++ )
    {
        if ( !strcmp(xabi_rows_get(&g->runs, r, "xen_version"), v) )
            return 0;
    }
    if ( xabi_gen_load(g, &n, "page_elfnotes",
                       xabi_rows_num(&g->runs, i, "id"), NULL) )
        return -1;
    sec = xabi_dict_add_section(d, "NOTES");
    snprintf(cap, sizeof(cap), "Xen ELF notes that Xen %.40s defines", v);
    xabi_gen_heading(sec, "HEADING", cap);
    if ( !n.nrows )
        xabi_dict_show(sec, "NO_ELFNOTES");
    t = xabi_gen_table(sec, "ELFNOTES", cap);
    xabi_gen_th(t, "note");
    xabi_gen_th(t, "type");
    xabi_gen_th(t, "source");
    for ( r = 0; r < n.nrows; r++ )
    {
        struct xabi_dict *tr;

        /* XEN_ELFNOTE_MAX names the highest type; it is no note. */
        if ( strstr(xabi_rows_get(&n, r, "name"), "_MAX") )
            continue;
        tr = xabi_gen_tr(t);
        xabi_gen_td(tr, xabi_rows_get(&n, r, "name"));
        xabi_gen_tdf(tr, "0x%llx", xabi_rows_num(&n, r, "value"));
        xabi_gen_td(tr, "from the headers only (unverified)");
    }
    xabi_rows_free(&n);
    return 0;
}

/* The entry RIP of each initial PVH snapshot, beside the kernels' notes. */
static void entry_points(struct xabi_gen *g, struct xabi_dict *run,
                         const struct xabi_rows *snaps, struct snap *s)
{
    char rips[1024], w[64];
    size_t r, k = 0;
    long long rip;

    rips[0] = '\0';
    for ( r = 0; r < snaps->nrows && k < sizeof(rips); r++ )
    {
        if ( strcmp(xabi_rows_get(snaps, r, "guest_type"), "PVH") ||
             strcmp(xabi_rows_get(snaps, r, "phase"), "initial") )
            continue;
        s->id = xabi_rows_get(snaps, r, "id");
        if ( !reg(s, "rip", &rip) )
            continue;
        xabi_gen_who(w, sizeof(w), xabi_rows_get(snaps, r, "domid"),
                     xabi_rows_get(snaps, r, "vcpu"));
        k += (size_t)snprintf(rips + k, sizeof(rips) - k,
                              "%s0x%llx (run %s %s)", k ? ", " : "", rip,
                              xabi_rows_get(snaps, r, "run_id"), w);
    }
    (void)g;
    if ( k )
        xabi_dict_set(xabi_dict_add_section(run, "ENTRY_RIP"), "RIPS", rips);
}

static int keep(struct xabi_gen *g, size_t i, bool *pvh)
{
    return xabi_gen_run_snapshots(g, i, "PVH", pvh);
}

static int one_group(struct xabi_gen *g, struct xabi_dict *run, size_t i,
                     const bool *in)
{
    static const struct
    {
        const char *query, *need;
    } q[] = {
        { "page_g_snapshots", "snapshot" },
        { "page_g_snap_regs", "snapshot_reg" },
        { "page_g_snap_segs", "snapshot_segment" },
        { "page_g_snap_start_info", "snapshot_start_info" },
    };
    struct xabi_rows t[4], f;
    int64_t id = xabi_rows_num(&g->runs, i, "id");
    size_t k;
    int rc = 0;

    (void)in;
    memset(t, 0, sizeof(t));
    memset(&f, 0, sizeof(f));
    for ( k = 0; k < 4 && !rc; k++ )
        rc = xabi_gen_load(g, &t[k], q[k].query, id, q[k].need);
    if ( !rc )
        rc = xabi_gen_group_findings_load(g, i, &f);
    if ( !rc )
    {
        struct snap s = { &t[1], &t[2], &t[3], &f, NULL };

        state_table(run, &t[0], &s);
        entry_points(g, run, &t[0], &s);
        start_info_table(run, &t[0], &t[3]);
    }
    for ( k = 0; k < 4; k++ )
        xabi_rows_free(&t[k]);
    xabi_rows_free(&f);
    return rc;
}

int xabi_page_pvh(struct xabi_gen *g)
{
    struct xabi_dict *d = xabi_dict_new("pvh-boot");
    bool *used = calloc(g->runs.nrows + 1, sizeof(*used));
    size_t i, images = 0;
    int rc;

    if ( !d || !used )
    {
        xabi_dict_free(d);
        free(used);
        xabi_gen_error(g, "out of memory");
        return -1;
    }
    rc = xabi_gen_claims(g, d, "pvh-boot");
    if ( !rc )
        rc = xabi_gen_grouped_page(g, d, keep, one_group, used);
    for ( i = 0; i < g->runs.nrows && !rc; i++ )
    {
        if ( strcmp(xabi_rows_get(&g->runs, i, "source_kind"), "image") == 0 )
        {
            rc = image_notes(g, d, i);
            used[i] = true;
            images++;
        }
    }
    if ( !images )
        xabi_dict_show(d, "NO_IMAGES");
    for ( i = 0; i < g->runs.nrows && !rc; i++ )
        rc = elf_notes(g, d, i);
    if ( !rc )
    {
        xabi_gen_sources(g, d, used);
        rc = xabi_gen_emit(g, "pvh-boot", "pvh-boot", "PVH boot ABI", d);
    }
    xabi_dict_free(d);
    free(used);
    return rc;
}
