/*
 * cmd-pending.c: placeholders for subcommands that live on other branches.
 *
 * This branch (abi) registers its commands next to collect and stats, which
 * other engineers write.  Weak definitions let the branch link and run on
 * its own; the real cli/cmd-collect.c and cli/cmd-stats.c override them
 * when merged, and then this file can be deleted.
 */
#include "cli/cli.h"

static int pending(int argc, char **argv)
{
    (void)argc;
    return xabi_cli_error("%s: not part of this build", argv[0]);
}

__attribute__((weak)) const struct xabi_cli_cmd xabi_cmd_collect = {
    "collect", "(not in this build)", "xabi collect: not in this build\n",
    pending,
};
__attribute__((weak)) const struct xabi_cli_cmd xabi_cmd_stats = {
    "stats", "(not in this build)", "xabi stats: not in this build\n",
    pending,
};
