-- Migrates the Nines failover store from schema version 1 to 2, PostgreSQL.
-- JdbcLeaseStore.createSchema(dataSource, JdbcDialect.POSTGRESQL) runs it when it finds version 1; a
-- database administrator may run it by hand instead. Every statement may run again (two replicas
-- starting at once, or a run stopped halfway): the version moves only from 1 to 2.
--
-- Version 2 records when the schema reached its version, on the database clock, so that an operator
-- can tell when a migration ran. Additive: replicas on version 1 keep working on it, but refuse to
-- open a store whose schema is newer than they know; upgrade them all.

ALTER TABLE nines_schema_version ADD COLUMN IF NOT EXISTS applied_at TIMESTAMPTZ;

UPDATE nines_schema_version SET version = 2, applied_at = now() WHERE component = 'failover-store' AND version = 1;
