/*
 * cmd-pending.c: placeholders for the subcommands the skeleton's command
 * table names but that land on other branches (collect, stats), so that
 * this branch links and its tests run.
 *
 * DELETE THIS FILE when merging the collector branch: its cmd-collect.c
 * and cmd-stats.c define the same two symbols, and the link then fails
 * naming them.
 */
#include "cli/cli.h"

static int pending(int argc, char **argv)
{
    (void)argc;
    return xabi_cli_error("%s: not in this build (lands with the collector)",
                          argv[0]);
}

const struct xabi_cli_cmd xabi_cmd_collect = {
    "collect", "record a trace into the database (not in this build)",
    "usage: xabi collect ...\n\nNot in this build.\n", pending,
};

const struct xabi_cli_cmd xabi_cmd_stats = {
    "stats", "what a run holds (not in this build)",
    "usage: xabi stats ...\n\nNot in this build.\n", pending,
};
