/*
 * version.c: Xen version strings, the one parser every stage uses.
 *
 * A Xen version is "MAJOR.MINOR", optionally ".PATCH", optionally a
 * suffix after '-', '+' or '~' ("4.17.1-pre", "4.17-debian").  The ABI
 * facts xabi keeps (the catalogue, the hypercall tables) are per release
 * series, "4.17": a point release has its series' public ABI.
 */
#include "abi/abi.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool xabi_version_valid(const char *s)
{
    const char *p = s;
    int parts = 0;

    if ( !s )
        return false;
    for ( ;; )
    {
        if ( !isdigit((unsigned char)*p) )
            return false;
        while ( isdigit((unsigned char)*p) )
            p++;
        parts++;
        if ( *p != '.' || parts == 3 )
            break;
        p++;
    }
    if ( parts < 2 || p - s > 16 )
        return false;
    if ( *p == '\0' )
        return true;
    if ( *p != '-' && *p != '+' && *p != '~' )
        return false;
    for ( p++; *p; p++ )
    {
        if ( !isalnum((unsigned char)*p) && !strchr(".-+~_", *p) )
            return false;
        if ( p - s > 40 )
            return false;
    }
    return p[-1] != '-' && p[-1] != '+' && p[-1] != '~';
}

int xabi_version_release(const char *v, char *out, size_t len)
{
    unsigned long major, minor;
    char *end;

    if ( !xabi_version_valid(v) )
        return -1;
    major = strtoul(v, &end, 10);
    minor = strtoul(end + 1, &end, 10);
    if ( major > 99 || minor > 99 )
        return -1;
    snprintf(out, len, "%lu.%lu", major, minor);
    return 0;
}

int xabi_version_cmp(const char *a, const char *b)
{
    while ( *a && *b )
    {
        char *ea, *eb;
        unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);

        if ( x != y )
            return x < y ? -1 : 1;
        if ( ea == a || eb == b ) /* not a number: compare no further */
            return 0;
        if ( *ea != '.' || *eb != '.' )
            return 0;
        a = ea + 1;
        b = eb + 1;
    }
    return 0;
}
