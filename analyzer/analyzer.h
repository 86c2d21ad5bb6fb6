/*
 * analyzer: the ABI rules, as data, and the check that runs them over the
 * stored facts of a run.
 *
 * A rule is one entry of one table (analyzer/rules.c): a stable id that is
 * never reused, a title, the verdict it gives when violated, the citation
 * of the Xen header symbol or document it enforces, a doc paragraph, the
 * Xen versions it applies to, and its check.  Pages and tests key off ids.
 *
 * Status is not verdict.  Functions here return 0 or -1 for xabi's own
 * success or failure (the message goes to the caller's buffer); what a rule
 * concludes about the guest or Xen is a finding, PASS/INFO/WARN/FAIL, or
 * NOT-OBSERVED with the reason it could not be evaluated.
 */
#ifndef XABI_ANALYZER_H
#define XABI_ANALYZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/abi.h"
#include "store/store.h"

struct xabi_check;

struct xabi_rule
{
    const char *id;       /* e.g. "SEG-001"; never reused */
    const char *title;    /* one line */
    enum xabi_verdict severity; /* the verdict when it is violated */
    const char *citation; /* header: symbol, or document: sentence */
    const char *doc;      /* a paragraph: what, why, and what it reads */
    const char *since;    /* first Xen version it applies to; NULL: all */
    const char *until;    /* last one; NULL: still applies */
    const char *reads;    /* "trace", "snapshot", "catalogue": for docs */
    int (*check)(struct xabi_check *ck);
};

/* The registry, in id order. */
const struct xabi_rule *xabi_rules(size_t *n);
/* The rule with this id (case-insensitive), or NULL. */
const struct xabi_rule *xabi_rule_find(const char *id);
/* Does the rule apply to this Xen version ("4.17", "4.17.7")? */
bool xabi_rule_applies(const struct xabi_rule *r, const char *xen_version);
/* Receives each finding; 0 to go on, < 0 to fail the check. */
typedef int (*xabi_finding_fn)(void *ctx, const struct xabi_finding *f);

struct xabi_check_summary
{
    uint64_t verdicts[XABI_NOT_OBSERVED + 1]; /* findings per verdict */
    size_t rules_run;
    size_t rules_skipped; /* not applicable to the run's Xen version */
};

/*
 * Run the given rules (all when nrules is 0) over run_id and hand each
 * finding to fn.  Reads only.  -1 on xabi's own failure, message in err.
 */
int xabi_analyze(struct xabi_store *st, int64_t run_id,
                 const struct xabi_rule *const *rules, size_t nrules,
                 xabi_finding_fn fn, void *ctx, struct xabi_check_summary *sum,
                 char *err, size_t errlen);

/*
 * `xabi check`: resolve ids (all rules when nids is 0), analyze run_id and
 * record the findings, replacing those of the same rules from the previous
 * check, in one transaction.  Unknown run or rule id: -1, nothing changed.
 */
int xabi_check_run(struct xabi_store *st, int64_t run_id,
                   const char *const *ids, size_t nids,
                   struct xabi_check_summary *sum, char *err, size_t errlen);

#endif /* XABI_ANALYZER_H */
