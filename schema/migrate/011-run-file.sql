-- Schema 10 -> 11: each file of a run collected from several (vCPU dumps),
-- with its own SHA-256 (schema/001-core.sql: run_file).

CREATE TABLE run_file (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,           -- 0, 1, ...: the order given
    path        TEXT NOT NULL,              -- as given to collect
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
