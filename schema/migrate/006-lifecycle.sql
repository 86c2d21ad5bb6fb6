-- Version 5 to 6: domain lifecycle.  The shutdown records of a trace
-- become facts (schema/002-kinds.sql: dom_shutdown, dom_shutdown_code),
-- and a live run keeps each domain's shutdown state at its start and end
-- (schema/011-live.sql: live_domain_state).
INSERT INTO fact_kind (kind, storage, key_meaning, description) VALUES
 ('dom_shutdown',       'row',       'shutdown reason (SHUTDOWN_*)',
  'a guest asked to shut down (SCHEDOP_shutdown): TRC_SCHED_SHUTDOWN; ' ||
  'arg0 the domid, arg1 the vCPU; a crash Xen imposes writes no record'),
 ('dom_shutdown_code',  'row',       'shutdown reason (SHUTDOWN_*)',
  'a guest set the reason of a later shutdown (SCHEDOP_shutdown_code): ' ||
  'TRC_SCHED_SHUTDOWN_CODE; arg0 the domid, arg1 the vCPU');
UPDATE fact_kind SET description =
  'domain created: TRC_DOM0_DOM_ADD (domain_create), TRC_SCHED_DOM_ADD ' ||
  '(sched_init_domain); the key is the new domain' WHERE kind = 'dom_create';
UPDATE fact_kind SET description =
  'domain destroyed: TRC_DOM0_DOM_REM (domain_destroy), TRC_SCHED_DOM_REM ' ||
  '(sched_destroy_domain); the key is the domain' WHERE kind = 'dom_destroy';

CREATE TABLE live_domain_state (
    run_id          INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    domid           INTEGER NOT NULL,
    phase           TEXT NOT NULL CHECK (phase IN ('start', 'end')),
    shutdown        INTEGER NOT NULL,
    shutdown_reason INTEGER,
    dying           INTEGER NOT NULL,
    PRIMARY KEY (run_id, domid, phase)
) WITHOUT ROWID;
