-- Nines failover store, schema version 2, PostgreSQL.
-- Create with JdbcLeaseStore.createSchema(dataSource, JdbcDialect.POSTGRESQL), or run this file as is
-- (every statement is idempotent). Later versions ship postgresql-migrate-<n>-to-<n+1>.sql.

-- One row per lease: the current tenure (holder NULL when released). expires_at is set and compared
-- only with the database clock. token is the highest token issued for the name (never decremented).
CREATE TABLE IF NOT EXISTS nines_lease (
    name       VARCHAR(200) PRIMARY KEY,
    holder     VARCHAR(200),
    token      BIGINT       NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL
);

-- The fencing-token high-water mark, apart from the lease row so that deleting a lease row cannot
-- make a token repeat (a new token exceeds both this and the lease row's token).
CREATE TABLE IF NOT EXISTS nines_lease_token (
    name       VARCHAR(200) PRIMARY KEY,
    last_token BIGINT       NOT NULL
);

-- One row per controller group: the durable controller record, written by compare-and-set on version.
CREATE TABLE IF NOT EXISTS nines_controller_state (
    group_name     VARCHAR(200) PRIMARY KEY,
    version        BIGINT       NOT NULL,
    epoch          BIGINT       NOT NULL,
    primary_member VARCHAR(200) NOT NULL,
    state          TEXT         NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL
);

-- The schema's version, and when it reached it (database clock; version 2 on).
CREATE TABLE IF NOT EXISTS nines_schema_version (
    component  VARCHAR(64) PRIMARY KEY,
    version    INTEGER     NOT NULL,
    applied_at TIMESTAMPTZ
);

INSERT INTO nines_schema_version (component, version, applied_at) VALUES ('failover-store', 2, now())
    ON CONFLICT (component) DO NOTHING;
