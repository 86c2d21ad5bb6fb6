/*
 * runner: run one command and report its wall time and peak memory, so the
 * benchmark needs no time(1) package.
 *
 *     runner REPORT COMMAND [ARG...]
 *
 * Writes one line to the file REPORT (so the command's own stdout and
 * stderr stay free for redirection):
 *
 *     WALL_SECONDS CPU_SECONDS PEAK_RSS_KIB EXIT_STATUS
 *
 * Wall time comes from CLOCK_MONOTONIC around fork and wait4; CPU time is
 * the child's user plus system time, which other load on the machine
 * disturbs less than wall time; peak RSS is the child's ru_maxrss, which
 * Linux reports in KiB.  EXIT_STATUS is the
 * command's exit code, or 128 + the signal that killed it; runner exits
 * with the same value, and with 127 when the command cannot be run.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct rusage ru;
    double start, wall, cpu;
    int status, code;
    pid_t pid;
    FILE *report;

    if ( argc < 3 )
    {
        fprintf(stderr, "usage: runner REPORT COMMAND [ARG...]\n");
        return 2;
    }
    /* Open the report first: a run whose figures cannot be kept is wasted. */
    if ( !(report = fopen(argv[1], "w")) )
    {
        fprintf(stderr, "runner: %s: %s\n", argv[1], strerror(errno));
        return 127;
    }
    /* The command has no business with it. */
    fcntl(fileno(report), F_SETFD, FD_CLOEXEC);

    start = now();
    pid = fork();
    if ( pid < 0 )
    {
        fprintf(stderr, "runner: fork: %s\n", strerror(errno));
        return 127;
    }
    if ( pid == 0 )
    {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "runner: %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    while ( wait4(pid, &status, 0, &ru) < 0 )
    {
        if ( errno != EINTR )
        {
            fprintf(stderr, "runner: wait4: %s\n", strerror(errno));
            return 127;
        }
    }
    wall = now() - start;

    if ( WIFEXITED(status) )
        code = WEXITSTATUS(status);
    else if ( WIFSIGNALED(status) )
        code = 128 + WTERMSIG(status);
    else
        code = 127;

    cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
          ru.ru_stime.tv_usec / 1e6;
    fprintf(report, "%.6f %.6f %ld %d\n", wall, cpu, (long)ru.ru_maxrss, code);
    if ( fclose(report) )
    {
        fprintf(stderr, "runner: %s: write failed\n", argv[1]);
        return 127;
    }
    return code;
}
