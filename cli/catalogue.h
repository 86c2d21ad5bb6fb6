/*
 * catalogue.h: helpers shared by `xabi abi` and `xabi decode`.
 */
#ifndef XABI_CLI_CATALOGUE_H
#define XABI_CLI_CATALOGUE_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"

struct xabi_store;
struct xabi_abi;

/* The Xen version decode names things for when none is given. */
#define XABI_DEFAULT_XEN_VERSION "4.17"

/*
 * Open the catalogue read only: db if given (it must exist), else ./xabi.db if it
 * exists, else an in-memory copy of the built-in one.  Returns an exit
 * code, having printed the message.
 */
int xabi_cli_open_catalogue(const char *db, struct xabi_store **st);
/* Load one version; an exit code, with the message printed. */
int xabi_cli_load_version(struct xabi_store *st, const char *version,
                          struct xabi_abi **abi);
/*
 * `xabi abi list V [--kind K]`: print one version of the catalogue (K: a
 * category, or NULL for all).  Returns an exit code.
 */
/*
 * `xabi abi diff --run A --run B`: what the guests of two runs did
 * differently, guest by guest (cli/abi-run-diff.c).  Returns the exit
 * status: 0 no difference, 4 differences, 1 error, 2 a bad run id.
 */
int xabi_cli_abi_run_diff(const char *db, const char *run_a,
                          const char *run_b, double factor, bool json);
int xabi_cli_abi_list_version(const char *db, const char *version,
                              const char *kind, bool json);
/* Write the separator (unless first) and "key": of a JSON object. */
void xabi_cli_json_key(FILE *out, bool *first, const char *key);

#endif
