-- Migrates the Nines failover store from schema version 1 to 2, MariaDB.
-- JdbcLeaseStore.createSchema(dataSource, JdbcDialect.MARIADB) runs it when it finds version 1; a
-- database administrator may run it by hand instead. Every statement may run again (two replicas
-- starting at once, or a run stopped halfway): createSchema skips an ADD COLUMN whose column exists
-- (MySQL has no ADD COLUMN IF NOT EXISTS), and the version moves only from 1 to 2.
--
-- Version 2 records when the schema reached its version (UTC), so that an operator can tell when a
-- migration ran. Additive: replicas on version 1 keep working on it, but refuse to open a store
-- whose schema is newer than they know; upgrade them all.

ALTER TABLE nines_schema_version ADD COLUMN applied_at DATETIME(6) NULL;

UPDATE nines_schema_version SET version = 2, applied_at = UTC_TIMESTAMP(6)
    WHERE component = 'failover-store' AND version = 1;
