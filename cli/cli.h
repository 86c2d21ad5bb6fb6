/*
 * cli: the xabi command.  One file per subcommand; each parses its own
 * arguments, calls one stage and prints.  No stage knows the command line.
 *
 * Exit codes shared by every subcommand (xabi check and xabi abi diff add
 * their own above these, documented in their --help):
 *   0  success
 *   1  xabi's own failure: bad input, I/O, a database it cannot use
 *   2  wrong arguments
 */
#ifndef XABI_CLI_H
#define XABI_CLI_H

#include <stdio.h>

#define XABI_EXIT_OK    0
#define XABI_EXIT_ERROR 1
#define XABI_EXIT_USAGE 2

#define XABI_DEFAULT_DB "xabi.db"

struct xabi_cli_cmd
{
    const char *name;
    const char *summary; /* one line, for `xabi help` */
    const char *usage;   /* the whole --help text */
    int (*run)(int argc, char **argv);
};

/* The subcommands, each defined in cli/cmd-NAME.c. */
extern const struct xabi_cli_cmd xabi_cmd_collect;
extern const struct xabi_cli_cmd xabi_cmd_stats;
extern const struct xabi_cli_cmd xabi_cmd_abi;
extern const struct xabi_cli_cmd xabi_cmd_decode;
extern const struct xabi_cli_cmd xabi_cmd_check;
extern const struct xabi_cli_cmd xabi_cmd_rules;
extern const struct xabi_cli_cmd xabi_cmd_claims;
extern const struct xabi_cli_cmd xabi_cmd_render;
extern const struct xabi_cli_cmd xabi_cmd_rm;    /* cli/cmd-runs.c */
extern const struct xabi_cli_cmd xabi_cmd_label; /* cli/cmd-runs.c */
extern const struct xabi_cli_cmd xabi_cmd_lab;

/* Print "xabi CMD: " and the message to stderr; returns XABI_EXIT_USAGE. */
int xabi_cli_usage_error(const struct xabi_cli_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print "xabi: " and the message to stderr; returns XABI_EXIT_ERROR. */
int xabi_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Is argv[i] "--help" or "-h"?  Then print the usage and return 1. */
int xabi_cli_want_help(const struct xabi_cli_cmd *cmd, int argc, char **argv);

/*
 * An option argv names that cmd does not take (or that lacks its value):
 * the usage error, with "did you mean" when one of the --words of cmd's
 * --help text is a small edit away.  Returns XABI_EXIT_USAGE.
 * cli/suggest.c.
 */
int xabi_cli_bad_option(const struct xabi_cli_cmd *cmd, const char *arg);
/* The word of words[0..n) a small edit away from typed, or NULL. */
const char *xabi_cli_closest(const char *typed, const char *const *words,
                             size_t n);

/*
 * {"out": DIR, "files": [...]}: every regular file under dir, relative to
 * it, sorted.  0, or -1 if the directory cannot be read.  cli/tree.c.
 */
int xabi_cli_print_tree_json(FILE *out, const char *dir);

/*
 * The first of DIR/rel[i] that is a directory, where DIR holds this
 * binary (/proc/self/exe), into buf; NULL if none is.  cli/datadir.c.
 */
const char *xabi_cli_find_data_dir(const char *const *rel, size_t n,
                                   char *buf, size_t len);
/* The same, for a regular file. */
const char *xabi_cli_find_data_file(const char *const *rel, size_t n,
                                    char *buf, size_t len);

/* Write s as a JSON string literal, quotes included; NULL prints null. */
void xabi_cli_json_string(FILE *out, const char *s);
struct xabi_store;
/*
 * Open the database at path for what a command does (an enum
 * xabi_store_access of store/store.h), waiting for another xabi as
 * --busy-timeout says and telling the user of an upgrade or of the wait
 * on stderr.  0, or -1 with the message on *st (the caller closes it, or
 * abandons it after a failed write).  cli/db.c.
 */
int xabi_cli_store_open(const char *path, int access, struct xabi_store **st);
/*
 * The database a command uses: its own --db if given (cmd_db non-NULL),
 * else the global `xabi --db PATH CMD`, else $XABI_DB if set and not
 * empty, else ./xabi.db.  cli/db.c.
 */
const char *xabi_cli_db(const char *cmd_db);
/* The global --db or $XABI_DB, NULL when neither names one. */
const char *xabi_cli_db_given(void);
/* Set by main() from `xabi --db PATH CMD`. */
void xabi_cli_set_db(const char *path);
/* --busy-timeout, set by main() before any command runs: milliseconds,
 * negative to wait as long as it takes. */
void xabi_cli_set_busy_timeout(int ms);

#endif
