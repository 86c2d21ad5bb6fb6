-- Schema 9 -> 10: --keep-all keeps one small row per record in event
-- (schema/001-core.sql), with its fact kind as an integer (event_kind),
-- instead of a record row plus a fact row for every decoded record.
--
-- The records of existing --keep-all runs move to event, each with the
-- kind of the fact made from it (the first, for a hypercall that also
-- made a sub-op fact); their fact rows stay, so their rules read what
-- they read before.

CREATE TABLE event_kind (
    code        INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL UNIQUE REFERENCES fact_kind(kind)
);
CREATE TABLE event (
    id          INTEGER PRIMARY KEY,    -- read order
    run_id      INTEGER NOT NULL,       -- run(id); see above for why no REFERENCES
    offset      INTEGER NOT NULL,       -- byte offset of the record in the source
    pcpu        INTEGER NOT NULL,
    tsc         INTEGER,                -- NULL: no TSC known yet on its pCPU
    event       INTEGER NOT NULL,       -- the event id, TRC_*
    domid       INTEGER NOT NULL,       -- attributed to; -1: unknown
    vcpu        INTEGER NOT NULL,
    kind        INTEGER,                -- event_kind.code of its fact; NULL: none
    extra       BLOB                    -- the extra words, little-endian; NULL: none
);

INSERT INTO event_kind (kind)
    SELECT DISTINCT f.kind FROM fact f JOIN record r
        ON r.run_id = f.run_id AND r.offset = f.offset
    ORDER BY f.kind;

CREATE INDEX migrate_fact_by_offset ON fact (run_id, offset, id);
INSERT INTO event (run_id, offset, pcpu, tsc, event, domid, vcpu, kind, extra)
    SELECT r.run_id, r.offset, r.pcpu, r.tsc, r.event, r.domid, r.vcpu,
           (SELECT k.code FROM fact f JOIN event_kind k ON k.kind = f.kind
            WHERE f.run_id = r.run_id AND f.offset = r.offset
            ORDER BY f.id LIMIT 1),
           CASE WHEN length(r.extra) > 0 THEN r.extra END
    FROM record r ORDER BY r.run_id, r.tsc, r.offset;
DROP INDEX migrate_fact_by_offset;
DROP TABLE record;


