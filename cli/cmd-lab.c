/*
 * cmd-lab.c: `xabi lab`, a real Xen for any user: boot Debian's build of
 * a Xen release with a Linux dom0 under QEMU, run `xabi collect --live
 * --start` on the user's guests in that dom0, and merge the runs into the
 * user's database.
 *
 * The harness is shell, once, shared with `make check-live`: lab.sh and
 * the scripts beside it (tests/live/ in the source tree, installed as
 * share/xabi/lab/).  This file checks the arguments against the harness's
 * own table of releases, runs lab.sh for each release in turn with the
 * guests in its environment, and merges the database dom0 brought out
 * (store/merge.c).  A wrong argument is found before anything is built
 * or booted.
 */
/* nftw() */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "collector/live.h"
#include "store/store.h"

static const char usage[] =
    "usage: xabi lab [--xen RELEASE[,RELEASE...]] [--guest TYPE:KERNEL[:INITRD]]...\n"
    "                [--duration D] [--snapshot-interval D] [--db PATH]\n"
    "                [--keep-vm DIR]\n"
    "\n"
    "A real Xen without Xen hardware: boot Debian's build of each Xen\n"
    "RELEASE with a Linux dom0 under QEMU (software emulation; KVM with\n"
    "XABI_LAB_KVM=1 where /dev/kvm is usable), create each guest paused,\n"
    "run `xabi collect --live --start` on it from its first instruction in\n"
    "that dom0, and merge the runs into --db, with the Xen version dom0\n"
    "read and the guest's kernel (an image run: its file name, SHA-256 and\n"
    "ELF notes).  Several releases run one after another.  Lines show\n"
    "dom0's progress while it boots; a failed boot ends with the reason and\n"
    "the tail of the serial console.  Ctrl-C stops QEMU and leaves no\n"
    "process behind.\n"
    "\n"
    "It needs root (QEMU, chroot) and Debian's archive: each release's\n"
    "hypervisor package is downloaded (never installed), and a release the\n"
    "host does not run gets a root of its Debian suite (mmdebstrap, a few\n"
    "minutes, once) to take the toolstack from and build xabi in.  Both\n"
    "are cached in $XABI_LAB_CACHE (default ~/.cache/xabi/lab).\n"
    "\n"
    "options:\n"
    "  --xen LIST        Xen releases, comma-separated: 4.14 (bullseye),\n"
    "                    4.17 (bookworm), 4.20 (trixie); default 4.17\n"
    "  --guest SPEC      TYPE:KERNEL[:INITRD], TYPE pv or pvh; KERNEL and\n"
    "                    INITRD files (their names are kept).  Repeat for\n"
    "                    more guests.  Default pv:debian: Debian's kernel\n"
    "                    with a small busybox initrd (KERNEL debian)\n"
    "  --duration D      how long each guest is watched (default 30s)\n"
    "  --snapshot-interval D\n"
    "                    vCPU snapshots this often (default 5s)\n"
    "  --db PATH         the database the runs go to (default $XABI_DB,\n"
    "                    else ./" XABI_DEFAULT_DB ")\n"
    "  --keep-vm DIR     build the VM in DIR and keep it: the images,\n"
    "                    serial console (console.log), dom0's outputs and\n"
    "                    database (out/); default a temporary directory,\n"
    "                    removed at the end\n"
    "\n"
    "environment:\n"
    "  XABI_LAB_DIR      the harness (default BIN/../share/xabi/lab, else\n"
    "                    BIN/../tests/live in the source tree)\n"
    "  XABI_LAB_CACHE    downloads and roots, kept between runs\n"
    "  BOOT_TIMEOUT      seconds a boot may take (default 900)\n"
    "\n"
    "exit status: 0, 1 when a boot or a guest's live run failed, 2 for a\n"
    "wrong argument, 130 when interrupted.\n";

#define LAB_MAX_GUESTS   8
#define LAB_MAX_RELEASES 8

struct lab_opts
{
    const char *db;
    const char *keep;
    const char *duration, *interval;
    const char *suite; /* "guests"; check-live (hidden): the project's own */
    char releases[LAB_MAX_RELEASES][16];
    unsigned nrel;
    char guests[LAB_MAX_GUESTS * (3 * PATH_MAX + 8)];
    unsigned nguests;
    char dir[PATH_MAX]; /* the harness */
};

/* The harness: $XABI_LAB_DIR, else beside the binary. */
static const char *find_lab(char *buf, size_t len)
{
    static const char *const rel[] = { "../share/xabi/lab", "../tests/live" };
    const char *env = getenv("XABI_LAB_DIR");

    if ( env && *env )
        return (size_t)snprintf(buf, len, "%s", env) < len ? buf : NULL;
    return xabi_cli_find_data_dir(rel, sizeof(rel) / sizeof(rel[0]), buf,
                                  len);
}

/*
 * Is rel a release of the harness's table (DIR/releases: "RELEASE SUITE"
 * lines)?  known gets the list, for the message.  -1: no table.
 */
static int known_release(const char *dir, const char *rel, char *known,
                         size_t len)
{
    char path[PATH_MAX + 16], line[256], name[64];
    bool found = false;
    FILE *f;

    snprintf(path, sizeof(path), "%s/releases", dir);
    if ( !(f = fopen(path, "r")) )
        return -1;
    *known = '\0';
    while ( fgets(line, sizeof(line), f) )
    {
        if ( line[0] < '0' || line[0] > '9' ||
             sscanf(line, "%63s", name) != 1 )
            continue;
        if ( strcmp(name, rel) == 0 )
            found = true;
        if ( strlen(known) + strlen(name) + 3 < len )
        {
            if ( *known )
                strcat(known, ", ");
            strcat(known, name);
        }
    }
    fclose(f);
    return found;
}

static int parse_releases(struct lab_opts *o, const char *list)
{
    char buf[256], known[256], *tok, *save = NULL;
    int k;

    if ( strlen(list) >= sizeof(buf) || !*list )
        return xabi_cli_usage_error(&xabi_cmd_lab, "--xen wants releases "
                                    "like 4.17 or 4.14,4.20, not '%s'", list);
    strcpy(buf, list);
    for ( tok = strtok_r(buf, ",", &save); tok;
          tok = strtok_r(NULL, ",", &save) )
    {
        k = known_release(o->dir, tok, known, sizeof(known));
        if ( k < 0 )
            return xabi_cli_error("lab: %s/releases: %s", o->dir,
                                  strerror(errno));
        if ( !k )
            return xabi_cli_usage_error(&xabi_cmd_lab, "--xen: unknown Xen "
                                        "release '%s'; xabi lab boots %s",
                                        tok, known);
        if ( o->nrel == LAB_MAX_RELEASES || strlen(tok) >= 16 )
            return xabi_cli_usage_error(&xabi_cmd_lab, "--xen: at most %d "
                                        "releases", LAB_MAX_RELEASES);
        strcpy(o->releases[o->nrel++], tok);
    }
    if ( !o->nrel )
        return xabi_cli_usage_error(&xabi_cmd_lab, "--xen names no release");
    return XABI_EXIT_OK;
}

/* A file of a --guest: readable, made absolute into out. */
static int guest_file(const char *spec, const char *what, const char *path,
                      char *out)
{
    struct stat sb;

    if ( !*path )
        return xabi_cli_usage_error(&xabi_cmd_lab, "--guest '%s': no %s",
                                    spec, what);
    if ( stat(path, &sb) || !S_ISREG(sb.st_mode) || access(path, R_OK) ||
         !realpath(path, out) )
        return xabi_cli_usage_error(&xabi_cmd_lab, "--guest '%s': %s '%s' "
                                    "is not a readable file", spec, what,
                                    path);
    if ( strpbrk(out, " \t\n") )
        return xabi_cli_usage_error(&xabi_cmd_lab, "--guest '%s': %s '%s': "
                                    "a path without blanks, please", spec,
                                    what, out);
    return XABI_EXIT_OK;
}

/* TYPE:KERNEL[:INITRD] as a line "TYPE KERNEL [INITRD]" of o->guests. */
static int parse_guest(struct lab_opts *o, const char *spec)
{
    char buf[3 * PATH_MAX], kernel[PATH_MAX], initrd[PATH_MAX] = "";
    char *type = buf, *k, *i;
    int rc;

    if ( strlen(spec) >= sizeof(buf) )
        return xabi_cli_usage_error(&xabi_cmd_lab, "--guest: too long");
    strcpy(buf, spec);
    if ( !(k = strchr(type, ':')) )
        return xabi_cli_usage_error(&xabi_cmd_lab, "--guest '%s': want "
                                    "TYPE:KERNEL[:INITRD], e.g. "
                                    "pv:vmlinuz:initrd.img", spec);
    *k++ = '\0';
    if ( (i = strchr(k, ':')) )
        *i++ = '\0';
    if ( strcmp(type, "pv") != 0 && strcmp(type, "pvh") != 0 )
        return xabi_cli_usage_error(&xabi_cmd_lab, "--guest '%s': TYPE is "
                                    "pv or pvh, not '%s'", spec, type);
    if ( strcmp(k, "debian") == 0 && !i )
        strcpy(kernel, "debian");
    else if ( (rc = guest_file(spec, "KERNEL", k, kernel)) )
        return rc;
    if ( i && (rc = guest_file(spec, "INITRD", i, initrd)) )
        return rc;
    if ( o->nguests == LAB_MAX_GUESTS )
        return xabi_cli_usage_error(&xabi_cmd_lab, "at most %d --guest",
                                    LAB_MAX_GUESTS);
    o->nguests++;
    snprintf(o->guests + strlen(o->guests),
             sizeof(o->guests) - strlen(o->guests), "%s %s%s%s\n", type,
             kernel, *initrd ? " " : "", initrd);
    return XABI_EXIT_OK;
}

static int parse_duration(const char *opt, const char *val)
{
    double secs;

    if ( xabi_live_parse_duration(val, &secs) )
        return xabi_cli_usage_error(&xabi_cmd_lab, "%s: not a duration: "
                                    "'%s' (like 30s, 2m)", opt, val);
    return XABI_EXIT_OK;
}

static int parse(int argc, char **argv, struct lab_opts *o)
{
    const char *xen = "4.17";
    int i, rc;

    memset(o, 0, sizeof(*o));
    o->duration = "30s";
    o->interval = "5s";
    o->suite = "guests";
    if ( !find_lab(o->dir, sizeof(o->dir)) )
        return xabi_cli_error("lab: no harness: neither $XABI_LAB_DIR nor "
                              "../share/xabi/lab or ../tests/live beside "
                              "the binary");
    for ( i = 1; i < argc; i++ )
    {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

        if ( !val && a[0] == '-' && strcmp(a, "--help") != 0 )
            return xabi_cli_bad_option(&xabi_cmd_lab, a);
        if ( strcmp(a, "--xen") == 0 )
            xen = argv[++i];
        else if ( strcmp(a, "--guest") == 0 )
        {
            if ( (rc = parse_guest(o, argv[++i])) )
                return rc;
        }
        else if ( strcmp(a, "--duration") == 0 )
            o->duration = argv[++i];
        else if ( strcmp(a, "--snapshot-interval") == 0 )
            o->interval = argv[++i];
        else if ( strcmp(a, "--db") == 0 )
            o->db = argv[++i];
        else if ( strcmp(a, "--keep-vm") == 0 )
            o->keep = argv[++i];
        /* make check-live's own suite, and its guests too: not for users */
        else if ( strcmp(a, "--suite") == 0 &&
                  strcmp(argv[i + 1], "check-live") == 0 )
            o->suite = argv[++i];
        else if ( a[0] == '-' )
            return xabi_cli_bad_option(&xabi_cmd_lab, a);
        else
            return xabi_cli_usage_error(&xabi_cmd_lab, "unexpected '%s'", a);
    }
    if ( (rc = parse_releases(o, xen)) ||
         (rc = parse_duration("--duration", o->duration)) ||
         (rc = parse_duration("--snapshot-interval", o->interval)) )
        return rc;
    if ( !o->nguests && strcmp(o->suite, "guests") == 0 )
        parse_guest(o, "pv:debian");
    if ( o->keep && !*o->keep )
        return xabi_cli_usage_error(&xabi_cmd_lab, "--keep-vm wants a "
                                    "directory");
    o->db = xabi_cli_db(o->db);
    return XABI_EXIT_OK;
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Forwarded to the harness: a kill of xabi stops QEMU too. */
static volatile sig_atomic_t harness_pid, stopped;

static void forward(int sig)
{
    stopped = sig;
    if ( harness_pid > 0 )
        kill(harness_pid, sig);
}

/* Run lab.sh for one release in work; its exit status, 130 if stopped. */
static int harness(const struct lab_opts *o, const char *rel,
                   const char *work)
{
    char script[PATH_MAX + 16];
    struct sigaction sa, old_int, old_term, old_hup;
    int status;
    pid_t pid;

    snprintf(script, sizeof(script), "%s/lab.sh", o->dir);
    fflush(NULL);
    pid = fork();
    if ( pid < 0 )
        return xabi_cli_error("lab: fork: %s", strerror(errno));
    if ( pid == 0 )
    {
        setenv("XABI_XEN_RELEASE", rel, 1);
        setenv("XABI_LAB_SUITE", o->suite, 1);
        setenv("XABI_LAB_GUESTS", o->guests, 1);
        setenv("XABI_LAB_DURATION", o->duration, 1);
        setenv("XABI_LAB_INTERVAL", o->interval, 1);
        setenv("LAB_DIR", o->dir, 1);
        execlp("bash", "bash", script, work, (char *)NULL);
        fprintf(stderr, "xabi: lab: cannot run bash %s: %s\n", script,
                strerror(errno));
        _exit(127);
    }
    /* Ctrl-C reaches the harness (and QEMU) from the terminal; a kill of
     * xabi alone is passed on. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = forward;
    harness_pid = pid;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    while ( waitpid(pid, &status, 0) < 0 && errno == EINTR )
        ;
    harness_pid = 0;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    if ( stopped || (WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) ||
         (WIFEXITED(status) && WEXITSTATUS(status) == 130) )
        return 130;
    return WIFEXITED(status) ? WEXITSTATUS(status) : XABI_EXIT_ERROR;
}

/* Merge the database dom0 brought out (named in work/lab-results-REL). */
static int merge(const struct lab_opts *o, const char *rel, const char *work)
{
    char path[PATH_MAX + 64], db[PATH_MAX + 64];
    struct xabi_store_merged m;
    struct xabi_store *st = NULL;
    FILE *f;
    int rc;

    snprintf(path, sizeof(path), "%s/lab-results-%s", work, rel);
    if ( !(f = fopen(path, "r")) || !fgets(db, sizeof(db), f) )
    {
        if ( f )
            fclose(f);
        return xabi_cli_error("lab: Xen %s: the harness named no results "
                              "(%s)", rel, path);
    }
    fclose(f);
    db[strcspn(db, "\n")] = '\0';
    strcat(db, "/xabi.db");
    if ( access(db, R_OK) )
        return xabi_cli_error("lab: Xen %s: no database came out of dom0 "
                              "(%s: %s)", rel, db, strerror(errno));
    if ( xabi_cli_store_open(o->db, XABI_STORE_WRITE, &st) ||
         xabi_store_merge(st, db, &m) )
    {
        rc = xabi_cli_error("lab: Xen %s: %s", rel, xabi_store_errmsg(st));
        xabi_store_abandon(st);
        return rc;
    }
    xabi_store_close(st);
    if ( m.copied )
        printf("xabi lab %s: %lld runs merged into %s as runs %lld-%lld",
               rel, (long long)m.copied, o->db, (long long)m.first_run,
               (long long)m.last_run);
    else
        printf("xabi lab %s: no new runs for %s", rel, o->db);
    if ( m.skipped )
        printf(" (%lld already there: the same source)",
               (long long)m.skipped);
    printf("\n");
    return XABI_EXIT_OK;
}

/* The VM's directory: --keep-vm, else a temporary one. */
static int workdir(const struct lab_opts *o, char *buf, size_t len)
{
    char exe[PATH_MAX], link[PATH_MAX + 8];
    ssize_t n;

    if ( o->keep )
    {
        if ( mkdir(o->keep, 0755) && errno != EEXIST )
            return xabi_cli_error("lab: --keep-vm %s: %s", o->keep,
                                  strerror(errno));
        if ( !realpath(o->keep, buf) )
            return xabi_cli_error("lab: --keep-vm %s: %s", o->keep,
                                  strerror(errno));
    }
    else
    {
        snprintf(buf, len, "%s/xabi-lab.XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if ( !mkdtemp(buf) )
            return xabi_cli_error("lab: a temporary directory: %s",
                                  strerror(errno));
    }
    /* The xabi for a dom0 of the host's own release is this one. */
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    snprintf(link, sizeof(link), "%s/xabi", buf);
    if ( n > 0 && access(link, X_OK) )
    {
        exe[n] = '\0';
        if ( symlink(exe, link) )
            return xabi_cli_error("lab: %s: %s", link, strerror(errno));
    }
    return XABI_EXIT_OK;
}

static int run(int argc, char **argv)
{
    struct lab_opts *o = calloc(1, sizeof(*o));
    char work[PATH_MAX];
    int rc, worst = XABI_EXIT_OK;
    unsigned r;

    if ( !o )
        return xabi_cli_error("lab: out of memory");
    if ( (rc = parse(argc, argv, o)) || (rc = workdir(o, work, sizeof(work))) )
    {
        free(o);
        return rc;
    }
    for ( r = 0; r < o->nrel && worst != 130; r++ )
    {
        rc = harness(o, o->releases[r], work);
        if ( rc == 130 )
            fprintf(stderr, "xabi lab %s: interrupted; nothing merged\n",
                    o->releases[r]);
        else if ( rc == 3 )
            fprintf(stderr, "xabi lab %s: FAILED: a guest's live run "
                    "failed (above); merging what came out\n",
                    o->releases[r]);
        else if ( rc )
            fprintf(stderr, "xabi lab %s: FAILED (the harness exited %d); "
                    "nothing merged from it\n", o->releases[r], rc);
        if ( rc == 0 || rc == 3 )
            rc = merge(o, o->releases[r], work) ? XABI_EXIT_ERROR
                                                 : rc ? XABI_EXIT_ERROR : 0;
        if ( rc == 130 || (rc && worst != 130) )
            worst = rc == 130 ? 130 : XABI_EXIT_ERROR;
    }
    if ( !o->keep )
        nftw(work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    else
        fprintf(stderr, "xabi lab: the VM is kept in %s\n", work);
    free(o);
    return worst;
}

const struct xabi_cli_cmd xabi_cmd_lab = {
    .name = "lab",
    .summary = "boot a real Xen release under QEMU, watch guests, keep the runs",
    .usage = usage,
    .run = run,
};
