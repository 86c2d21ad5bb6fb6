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

/*
 * What a new database is made of: the .sql files of schema/, then those of
 * schema/catalogue/.
 * Terminated by an entry whose path is NULL; in file-name order.
 */
extern const struct xabi_schema_file xabi_schema_files[];
/*
 * schema/migrate/NNN-*.sql: entry i upgrades a database from version 3 + i
 * to 4 + i.  The build checks the numbering.  NULL-terminated.
 */
extern const struct xabi_schema_file xabi_migrate_files[];
/* 3 + the number of migrate files: the version a new database gets. */
extern const int xabi_schema_version;
/* SHA-256 (hex) of the view definitions: the NNN-*-views.sql files of
 * schema/, concatenated in file-name order. */
extern const char xabi_views_sha256[];
/* SHA-256 (hex) of the catalogue files, concatenated in file-name order. */
extern const char xabi_catalogue_sha256[];

#endif
