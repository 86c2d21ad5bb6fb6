/*
 * Internals of generator/: the render context the page builders share,
 * rows read from the store, the escapers, and the charts.  Only the files
 * of generator/ (and its unit tests) include this.
 */
#ifndef XABI_GENERATOR_INT_H
#define XABI_GENERATOR_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- escaping: each returns a malloc'd string, NULL out of memory ---- */

char *xabi_escape_html(const char *s, size_t n);
char *xabi_escape_rst(const char *s, size_t n);
char *xabi_escape_wiki(const char *s, size_t n);
/* Only what all formats share: controls but newline and tab to spaces,
 * bad UTF-8 to U+FFFD.  xabi_dict_set() passes every template value
 * through it. */
char *xabi_escape_text(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#ifndef __cplusplus

#include "generator/generator.h"
#include "generator/template.h"

struct xabi_bar;

/* ---- rows of a store query, as text ---------------------------------- */

/* ---- the render context ---------------------------------------------- */

struct xabi_page_ref
{
    char stem[64];
    char title[128];
    bool in_nav; /* in the header of every page, not only the index */
};

struct xabi_gen
{
    struct xabi_store *st;
    const struct xabi_render_opts *o;
    struct xabi_tpl *tpl[XABI_FMT_MAX];
    char tmp[4096]; /* the site being written */
    char *err;
    size_t errlen;
    struct xabi_rows runs; /* every run, for provenance lines */
    struct xabi_page_ref pages[512];
    size_t npages;
    bool page_found; /* o->page was rendered */
    /* Per run, "FAIL n, WARN n" if its audit holds any (for the index). */
    char (*attention)[40];
};

/* ---- the output directory (site.c) ------------------------------------ */

/* Make the temporary site beside o->out, with a directory per format. */
int xabi_site_begin(struct xabi_gen *g);
/* Write len bytes as file in subdir (NULL: the top) of the site. */
int xabi_site_write(struct xabi_gen *g, const char *subdir, const char *file,
                    const char *data, size_t len);
/* Rename the finished site into place. */
int xabi_site_commit(struct xabi_gen *g);
/* Remove the temporary site, if any. */
void xabi_site_abort(struct xabi_gen *g);

void xabi_gen_error(struct xabi_gen *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Expand PAGE.tpl of every chosen format with d and write it as
 * STEM.html/.rst/.wiki.  Adds the page header (title, navigation) and
 * footer, and lists the page on the index.
 */
int xabi_gen_emit(struct xabi_gen *g, const char *page, const char *stem,
                  const char *title, struct xabi_dict *d);

/*
 * A heading value: KEY is the text, KEY_RULE a line of '-' long enough to
 * underline it in RST however much escaping grows it.
 */
void xabi_gen_heading(struct xabi_dict *d, const char *key, const char *text);
/* Show section NAME of d with the SVG as its value "SVG" (HTML only). */
void xabi_gen_chart(struct xabi_gen *g, struct xabi_dict *d,
                    const char *title, const struct xabi_bar *bars,
                    size_t n);
/* Load a query, or set the error and return -1. */
int xabi_gen_load(struct xabi_gen *g, struct xabi_rows *t, const char *query,
                  int64_t run_id, const char *need_table);
/* A page-safe stem from an id: letters, digits and '-', the rest '_'. */
void xabi_gen_stem(char *buf, size_t n, const char *prefix, const char *id);

/*
 * Does run row i of g->runs hold a trace or snapshots (the pages of
 * observed behaviour), rather than a kernel image or a hypercall page?
 */
bool xabi_gen_run_observes(const struct xabi_gen *g, size_t i);

/*
 * A page of observed behaviour, section by section: one_run fills d for
 * each run that observes (xabi_gen_run_observes), NO_RUNS shows when the
 * database has none; then the page is emitted as name (its template and
 * file) under title.
 */
int xabi_gen_observed_page(struct xabi_gen *g, const char *name,
                           const char *title,
                           int (*one_run)(struct xabi_gen *g,
                                          struct xabi_dict *d, size_t i));

/*
 * Does run row i hold a vCPU snapshot of one of the guest types in types
 * (a comma-separated list: "PV64,PV32")?  False also when no snapshot
 * table exists; -1 with the error set on a store failure.
 */
int xabi_gen_run_snapshots(struct xabi_gen *g, size_t i, const char *types,
                           bool *has);

/*
 * Could run row i's source have shown facts of any of the kinds (fact_kind
 * names, space-separated)?  The store decides (view v_run_class: the
 * source kind, a live run's event mask, the classes a trace file holds);
 * when it could not, why says so, naming the cause.  -1 on a store
 * failure, with the error set.
 */
int xabi_gen_observable(struct xabi_gen *g, size_t i, const char *kinds,
                        bool *could, char *why, size_t n);

/*
 * A snapshot run collected from several dumps: their names in buf, true.
 * Its source_sha256 is over their bytes joined.
 */
bool xabi_gen_run_files(const struct xabi_rows *t, size_t r, char *buf,
                        size_t n);

/* ---- pages consolidated over runs (group.c) -------------------------- */

/* Does run row i hold anything for the page?  -1 on a store failure. */
typedef int (*xabi_gen_keep_fn)(struct xabi_gen *g, size_t i, bool *keep);
/*
 * Fill section GROUP of d for the runs of one Xen version that keep
 * accepts: in[r] for each run row r of the group, first its first row.
 */
typedef int (*xabi_gen_group_fn)(struct xabi_gen *g, struct xabi_dict *grp,
                                 size_t first, const bool *in);
/*
 * One section GROUP per Xen version of the runs keep() accepts, with
 * HEADING ("Xen 4.17"), XEN, RUNS ("run 1 (trace.bin), run 3 (a.txt)")
 * and NRUNS ("2 runs"); NO_GROUP when no run is accepted, NO_RUNS when the
 * database has none.  used[r] (if not NULL) is set for every run shown.
 */
int xabi_gen_grouped_page(struct xabi_gen *g, struct xabi_dict *d,
                          xabi_gen_keep_fn keep, xabi_gen_group_fn one_group,
                          bool *used);
/* What a topic page shows above its groups, in d; -1 on a failure. */
typedef int (*xabi_gen_top_fn)(struct xabi_gen *g, struct xabi_dict *d);
/* A whole topic page: top (if any), its groups, then SOURCES. */
int xabi_gen_topic_page(struct xabi_gen *g, const char *name,
                        const char *title, xabi_gen_top_fn top,
                        xabi_gen_keep_fn keep, xabi_gen_group_fn one_group);
/*
 * The registers of the initial snapshots of the group of first, of the
 * guest types in types ("PV64 PV32"), each value once with its vCPUs, as
 * include INITIAL_REGS of d.
 */
int xabi_gen_initial_regs(struct xabi_gen *g, struct xabi_dict *d,
                          size_t first, const char *types);
/*
 * For each kernel image run and each ELF note of names: a section
 * KERNEL_NOTE (RUN, FILE, NAME, VALUE) of d, or KERNEL_NO_NOTE (RUN, FILE,
 * NAME) when the kernel carries none.
 */
int xabi_gen_kernel_notes(struct xabi_gen *g, struct xabi_dict *d,
                          const char *const *names, size_t nnames);
/* The runs used[] marks, in full (source, SHA-256), as include SOURCES. */
void xabi_gen_sources(struct xabi_gen *g, struct xabi_dict *d,
                      const bool *used);
/* Is the run with this id (as text) a member of the group in[]? */
bool xabi_gen_in_group(const struct xabi_gen *g, const bool *in,
                       const char *run_id);
/* "run 3 (getctx.txt)": a run by id and file name, not its path. */
void xabi_gen_run_name(char *buf, size_t n, const struct xabi_gen *g,
                       size_t i);
const char *xabi_gen_basename(const char *path);
/*
 * Run row i's Xen version as a page states it: a kernel image observed
 * none (its version only names its notes), and says so in buf.
 */
const char *xabi_gen_run_xen(const struct xabi_gen *g, size_t i, char *buf,
                             size_t n);
/* A SHA-256 in groups of 16 digits, so that it can wrap on any page. */
void xabi_gen_sha_groups(char *buf, size_t n, const char *sha);
/*
 * The verdicts rule's findings give, over the runs in[] of a group (f: the
 * query page_g_findings), about one fact (fact_kind, fact_key; NULL: any)
 * as "HC-003 PASS (run 1 d1); FAIL (run 2 d3): message"; none when the
 * rule has no such finding.
 */
/* The findings of every run of first's Xen version, with run_id. */
int xabi_gen_group_findings_load(struct xabi_gen *g, size_t first,
                                 struct xabi_rows *f);
void xabi_gen_group_finding_text(char *buf, size_t n,
                                 const struct xabi_gen *g, const bool *in,
                                 const struct xabi_rows *f, const char *rule,
                                 const char *fact_kind, const char *fact_key,
                                 const char *none);

/*
 * The same run's files each with its own SHA-256 ("a.txt: SHA; b.txt:
 * SHA", run_file); false for one file, or a run collected before xabi
 * stored them.
 */
bool xabi_gen_run_file_hashes(const struct xabi_rows *t, size_t r,
                              char *buf, size_t n);

/* Provenance of a run, as an include "PROVENANCE" in d. */
void xabi_gen_provenance(struct xabi_gen *g, struct xabi_dict *d,
                         size_t run_row);

/*
 * A table, as an include NAME of d (the table partial).  Add the header
 * cells, then rows of cells; an empty cell shows as "-".  A cell may link
 * to another page (its stem).
 */
struct xabi_dict *xabi_gen_table(struct xabi_dict *d, const char *name,
                                 const char *caption);
void xabi_gen_th(struct xabi_dict *table, const char *text);
struct xabi_dict *xabi_gen_tr(struct xabi_dict *table);
void xabi_gen_td(struct xabi_dict *row, const char *text);
void xabi_gen_tdf(struct xabi_dict *row, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void xabi_gen_td_link(struct xabi_dict *row, const char *text,
                      const char *stem);

/*
 * Who a fact is about, from the domid and vcpu columns as text: "d1v0",
 * "d1" (no vcpu), "idle", "unknown" (-1: no scheduler record says), or
 * "whole run" (no domid).
 */
void xabi_gen_who(char *buf, size_t n, const char *domid, const char *vcpu);

/* ---- the analyzer's findings (findings.c) --------------------------- */

/* The findings `xabi check` stored for a run (none: never checked). */
int xabi_gen_findings_load(struct xabi_gen *g, int64_t run_id,
                           struct xabi_rows *f);
/*
 * rule's findings on snapshot_id (NULL: on anything) as one line: "SEG-001
 * PASS: <message>" (without ": <message>" unless message), several joined
 * by "; "; "SEG-001: not checked: run `xabi check`" when the run has no
 * finding of the rule.  Never a verdict of its own.
 */
void xabi_gen_finding_text(char *buf, size_t n, const struct xabi_rows *f,
                           const char *rule, const char *snapshot_id,
                           bool message);
/*
 * The same for rule's findings about one fact (fact_kind, fact_key) of
 * domain domid, with their messages; none is what to say when the rule
 * has findings, but none about that fact.
 */
void xabi_gen_fact_finding_text(char *buf, size_t n,
                                const struct xabi_rows *f, const char *rule,
                                const char *domid, const char *fact_kind,
                                const char *fact_key, const char *none);

/* ---- x86 segments (decode.c, over abi/'s decoder) ------------------- */

/* The 8-byte descriptor of the HVM save record's attr form (hvm/save.h). */
uint64_t xabi_desc_raw_from_attr(unsigned attr, uint64_t base,
                                 uint64_t limit);
/*
 * "flat 32-bit ring-1 data, read/write; base 0x0, limit 0xffffffff", and
 * what keeps it out of register reg ("cs", "ss", ...; "" for none).
 */
void xabi_desc_text(uint64_t raw, const char *reg, char *buf, size_t n);
/* Only why raw cannot go in reg ("ss", ...); false if it can. */
bool xabi_desc_misfit(uint64_t raw, const char *reg, char *buf, size_t n);
/* "GDT index 7174 (entry 6 of Xen's reserved area from 7168), RPL 3" */
void xabi_selector_text(unsigned sel, unsigned first_reserved, char *buf,
                        size_t n);
/* Why a selector a header names flat_name cannot go in reg; NULL: fits. */
const char *xabi_selector_fit(const char *reg, const char *flat_name,
                              unsigned value);

/* ---- charts ------------------------------------------------------------ */

struct xabi_bar
{
    const char *label; /* guest-controlled text is fine: it is escaped */
    double value;
};

/* A horizontal bar chart as inline SVG; NULL out of memory. */
char *xabi_svg_bars(const char *title, const struct xabi_bar *bars, size_t n);

/* ---- the pages, each in page-*.c ------------------------------------- */

int xabi_page_hypercalls(struct xabi_gen *g);
int xabi_page_traps(struct xabi_gen *g);
int xabi_page_hcpage(struct xabi_gen *g);
int xabi_page_abi(struct xabi_gen *g);
int xabi_page_audit(struct xabi_gen *g);
int xabi_page_start_of_day(struct xabi_gen *g);
/* The HVM section of the start-of-day and segments page, into d. */
int xabi_page_segments_hvm(struct xabi_gen *g, struct xabi_dict *d);
int xabi_page_pvh(struct xabi_gen *g);
int xabi_page_index(struct xabi_gen *g);
int xabi_page_claims(struct xabi_gen *g);

/*
 * The claims register's claims that belong on page ("pv-traps"; NULL: all)
 * with DOC-001's verdicts, as include CLAIMS_REGISTER of d, and a section
 * REFUTED (DOC, SAYS, VERDICTS) for each one a run refuted (claims.c).
 */
int xabi_gen_claims(struct xabi_gen *g, struct xabi_dict *d,
                    const char *page);

#endif /* !__cplusplus */

#endif
