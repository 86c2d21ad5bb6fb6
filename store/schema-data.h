/*
 * The .sql files of schema/, embedded by scripts/embed-sql.sh at build time.
 * Internal to store/.
 */
#ifndef XABI_SCHEMA_DATA_H
#define XABI_SCHEMA_DATA_H

struct xabi_schema_file
{
    const char *path; /* as in the source tree, e.g. schema/001-core.sql */
    const char *sql;
};

/* Terminated by an entry whose path is NULL; in file-name order. */
extern const struct xabi_schema_file xabi_schema_files[];

#endif
