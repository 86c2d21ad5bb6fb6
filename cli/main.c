/*
 * main.c: dispatch `xabi CMD ARGS...` to the subcommand table.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"

static const struct xabi_cli_cmd *const commands[] = {
    &xabi_cmd_collect,
    &xabi_cmd_stats,
    &xabi_cmd_abi,
    &xabi_cmd_decode,
    &xabi_cmd_check,
    &xabi_cmd_rules,
    &xabi_cmd_claims,
    &xabi_cmd_render,
    &xabi_cmd_label,
    &xabi_cmd_rm,
    &xabi_cmd_lab,
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char about[] =
    "xabi records what Xen guests do (hypercalls, traps, segment state),\n"
    "checks it against the guest ABI of the Xen version it ran on, and\n"
    "renders pages that say where every fact was observed.\n";
static const char every[] =
    "`xabi CMD --help` describes each command.  Every command that opens a\n"
    "database also takes --busy-timeout S: while another xabi holds it, wait\n"
    "at most S seconds (default: as long as it takes, saying so).\n"
    "\nglobal options, before COMMAND:\n"
    "  --db PATH  the database of every command that takes --db, unless\n"
    "             the command is given its own\n"
    "\nenvironment:\n"
    "  XABI_DB    the database when no --db names one (default ./"
    XABI_DEFAULT_DB ")\n";
/* The exit statuses, as cli/cli.h defines them; `xabi help` and the
 * manual page's EXIT STATUS both print this. */
static const char exits[] =
    "  0   done (for abi diff: no change; for check: no finding at or\n"
    "      above --fail-on)\n"
    "  1   xabi's own failure: bad input (named with its file and offset\n"
    "      or line), I/O, a database it cannot use; the database is left\n"
    "      as it was\n"
    "  2   wrong arguments: an unknown command or option, a missing or\n"
    "      bad value\n"
    "  3   check: findings at or above --fail-on\n"
    "  4   abi diff: changes; 12: changes that break a guest built for\n"
    "      the older version (as abidiff)\n";

static const char help_summary[] =
    "this text, `xabi help CMD`, or the manual page: `xabi help --man`";

static void print_help(FILE *out)
{
    size_t i;

    fprintf(out, "usage: xabi [--db PATH] COMMAND [ARGS...]\n\n%s\ncommands:\n", about);
    for ( i = 0; i < NCOMMANDS; i++ )
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "  %-10s %s\n", "help", help_summary);
    fprintf(out, "\n%s\nexit status (each `xabi CMD --help` says which "
            "apply):\n%s", every, exits);
}

/* Text as roff: no line starts a request, backslashes and dashes kept. */
static void roff_text(FILE *out, const char *s)
{
    bool bol = true;

    for ( ; *s; s++ )
    {
        if ( bol && (*s == '.' || *s == '\'') )
            fputs("\\&", out);
        bol = *s == '\n';
        if ( *s == '\\' )
            fputs("\\e", out);
        else if ( *s == '-' )
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
}

/*
 * `xabi help --man`: the manual page xabi(1), made from the same text as
 * `xabi help` and every `xabi CMD --help`, so the two cannot drift.
 */
static void print_man(FILE *out)
{
    size_t i;

    fprintf(out, ".\\\" xabi(1), made by `xabi help --man`: edit the usage "
            "texts in cli/, not this.\n"
            ".TH XABI 1 \"\" \"xabi %s\" \"User Commands\"\n"
            ".SH NAME\nxabi \\- check what Xen guests do against Xen's "
            "guest ABI\n.SH SYNOPSIS\n.B xabi\n[\\-\\-db \\fIPATH\\fR]\n"
            "[\\-\\-busy\\-timeout \\fIS\\fR]\n.I COMMAND\n[\n.I ARGS...\n]\n"
            ".br\n.B xabi help\n[\\fICOMMAND\\fR | \\-\\-man]\n"
            ".br\n.B xabi \\-\\-version\n"
            ".SH DESCRIPTION\n", XABI_VERSION);
    roff_text(out, about);
    fputs(".PP\n", out);
    roff_text(out, every);
    fputs(".SH COMMANDS\n", out);
    for ( i = 0; i < NCOMMANDS; i++ )
    {
        fprintf(out, ".SS %s\n", commands[i]->name);
        roff_text(out, commands[i]->summary);
        fputs("\n.PP\n.nf\n", out);
        roff_text(out, commands[i]->usage);
        fputs(".fi\n", out);
    }
    fputs(".SS help\n", out);
    roff_text(out, help_summary);
    fputs("\n.SH EXIT STATUS\n.nf\n", out);
    roff_text(out, exits);
    fputs(".fi\n", out);
    fputs(".SH ENVIRONMENT\n.TP\n.B XABI_DB\n"
          "the database when no \\-\\-db names one.\n"
          ".TP\n.B XABI_TEMPLATES\n"
          "the templates of\n.BR \"xabi render\" ;\n"
          "see its \\-\\-templates.\n"
          ".TP\n.B NO_COLOR\n"
          "set and not empty: no colour, even on a terminal "
          "(https://no\\-color.org).\n"
          ".SH SEE ALSO\n\\fBxentrace\\fR(8), \\fBxenalyze\\fR(1)\n", out);
}

static const struct xabi_cli_cmd *find(const char *name)
{
    size_t i;

    for ( i = 0; i < NCOMMANDS; i++ )
    {
        if ( strcmp(commands[i]->name, name) == 0 )
            return commands[i];
    }
    return NULL;
}

/* No command name: say so, with the nearest name if one is close. */
static int no_command(const char *what, const char *name)
{
    const char *names[NCOMMANDS + 2];
    const char *near;
    size_t i;

    for ( i = 0; i < NCOMMANDS; i++ )
        names[i] = commands[i]->name;
    names[i++] = "help";
    names[i++] = "version";
    near = xabi_cli_closest(name, names, i);
    fprintf(stderr, "xabi: %sno command '", what);
    xabi_cli_print_text(stderr, name, 0);
    if ( near )
        fprintf(stderr, "'; did you mean '%s'?\n", near);
    else
        fputs("'\n", stderr);
    fputs("(see `xabi help`)\n", stderr);
    return XABI_EXIT_USAGE;
}

/* A message quotes file names, labels, guest strings: escaped. */
static void print_message(const char *fmt, va_list ap)
{
    char msg[16384];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    xabi_cli_print_text(stderr, msg, 0);
}

int xabi_cli_usage_error(const struct xabi_cli_cmd *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "xabi %s: ", cmd->name);
    va_start(ap, fmt);
    print_message(fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see `xabi %s --help`)\n", cmd->name);
    return XABI_EXIT_USAGE;
}

int xabi_cli_error(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "xabi: ");
    va_start(ap, fmt);
    print_message(fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return XABI_EXIT_ERROR;
}

int xabi_cli_want_help(const struct xabi_cli_cmd *cmd, int argc, char **argv)
{
    int i;

    for ( i = 1; i < argc; i++ )
    {
        if ( strcmp(argv[i], "--") == 0 )
            break;
        if ( strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0 )
        {
            fputs(cmd->usage, stdout);
            return 1;
        }
    }
    return 0;
}

void xabi_cli_json_string(FILE *out, const char *s)
{
    const unsigned char *p;

    if ( !s )
    {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for ( p = (const unsigned char *)s; *p; p++ )
    {
        if ( *p == '"' || *p == '\\' )
            fprintf(out, "\\%c", *p);
        else if ( *p < 0x20 || *p == 0x7f )
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/*
 * --busy-timeout S applies to every command that opens a database, so it
 * is taken out of argv here, wherever it stands before a `--`.
 */
static int take_busy_timeout(int *argc, char **argv)
{
    int i, j, ms = -1;

    for ( i = 1; i < *argc; i++ )
    {
        const char *v = NULL;
        char *end;
        double s;
        int used = 1;

        if ( strcmp(argv[i], "--") == 0 )
            break;
        if ( strncmp(argv[i], "--busy-timeout=", 15) == 0 )
            v = argv[i] + 15;
        else if ( strcmp(argv[i], "--busy-timeout") == 0 )
        {
            v = i + 1 < *argc ? argv[i + 1] : "";
            used = 2;
        }
        else
            continue;
        s = strtod(v, &end);
        if ( !*v || *end || !(s >= 0 && s <= 86400) )
        {
            fprintf(stderr, "xabi: --busy-timeout wants seconds (0 to "
                    "86400), not '%s'\n", v);
            return -1;
        }
        ms = (int)(s * 1000);
        for ( j = i; j + used <= *argc; j++ )
            argv[j] = argv[j + used];
        *argc -= used;
        i--;
    }
    xabi_cli_set_busy_timeout(ms);
    return 0;
}

/*
 * `xabi --db PATH CMD ...`: the database for every command that opens
 * one, unless the command is given its own --db.  Only before CMD, where
 * it cannot be a value of the command's options.
 */
static int take_global_db(int *argc, char **argv)
{
    int j, used;

    while ( *argc > 1 && strncmp(argv[1], "--db", 4) == 0 &&
            (argv[1][4] == '\0' || argv[1][4] == '=') )
    {
        const char *v = argv[1][4] == '=' ? argv[1] + 5 : NULL;

        used = 1;
        if ( !v )
        {
            v = *argc > 2 ? argv[2] : "";
            used = 2;
        }
        if ( !*v )
        {
            fputs("xabi: --db wants a PATH\n", stderr);
            return -1;
        }
        xabi_cli_set_db(v);
        for ( j = 1; j + used <= *argc; j++ )
            argv[j] = argv[j + used];
        *argc -= used;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const struct xabi_cli_cmd *cmd;

    /* A file too large (ulimit -f) is then an error xabi rolls back, not a
     * signal that kills it with the database half written. */
    signal(SIGXFSZ, SIG_IGN);
    if ( take_busy_timeout(&argc, argv) || take_global_db(&argc, argv) )
        return XABI_EXIT_USAGE;

    if ( argc < 2 || strcmp(argv[1], "help") == 0 ||
         strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 )
    {
        if ( argc == 3 && strcmp(argv[2], "--man") == 0 )
        {
            print_man(stdout);
            return XABI_EXIT_OK;
        }
        /* `xabi help help`, `xabi help --help`: this text. */
        if ( argc == 3 && (strcmp(argv[2], "help") == 0 ||
                           strcmp(argv[2], "--help") == 0 ||
                           strcmp(argv[2], "-h") == 0) )
        {
            print_help(stdout);
            return XABI_EXIT_OK;
        }
        if ( argc >= 3 && argv[1][0] != '-' )
        {
            cmd = find(argv[2]);
            if ( !cmd )
                return no_command("help: ", argv[2]);
            fputs(cmd->usage, stdout);
            return XABI_EXIT_OK;
        }
        print_help(argc < 2 ? stderr : stdout);
        return argc < 2 ? XABI_EXIT_USAGE : XABI_EXIT_OK;
    }
    if ( strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0 )
    {
        printf("xabi %s\n", XABI_VERSION);
        return XABI_EXIT_OK;
    }
    cmd = find(argv[1]);
    if ( !cmd )
        return no_command("", argv[1]);
    if ( xabi_cli_want_help(cmd, argc - 1, argv + 1) )
        return XABI_EXIT_OK;
    return cmd->run(argc - 1, argv + 1);
}
