-- Nines failover store, schema version 2, MariaDB and MySQL (InnoDB).
-- Create with JdbcLeaseStore.createSchema(dataSource, JdbcDialect.MARIADB), or run this file as is
-- (every statement is idempotent). Later versions ship mariadb-migrate-<n>-to-<n+1>.sql.
-- Times are DATETIME(6) in UTC, set and compared only with UTC_TIMESTAMP(6): no session time zone
-- can shift them.

-- One row per lease: the current tenure (holder NULL when released). token is the highest token
-- issued for the name (never decremented).
CREATE TABLE IF NOT EXISTS nines_lease (
    name       VARCHAR(200) NOT NULL PRIMARY KEY,
    holder     VARCHAR(200) NULL,
    token      BIGINT       NOT NULL,
    expires_at DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The fencing-token high-water mark, apart from the lease row so that deleting a lease row cannot
-- make a token repeat.
CREATE TABLE IF NOT EXISTS nines_lease_token (
    name       VARCHAR(200) NOT NULL PRIMARY KEY,
    last_token BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per controller group: the durable controller record, written by compare-and-set on version.
CREATE TABLE IF NOT EXISTS nines_controller_state (
    group_name     VARCHAR(200) NOT NULL PRIMARY KEY,
    version        BIGINT       NOT NULL,
    epoch          BIGINT       NOT NULL,
    primary_member VARCHAR(200) NOT NULL,
    state          MEDIUMTEXT   NOT NULL,
    updated_at     DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The schema's version, and when it reached it (UTC; version 2 on).
CREATE TABLE IF NOT EXISTS nines_schema_version (
    component  VARCHAR(64) NOT NULL PRIMARY KEY,
    version    INTEGER     NOT NULL,
    applied_at DATETIME(6) NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT IGNORE INTO nines_schema_version (component, version, applied_at) VALUES ('failover-store', 2, UTC_TIMESTAMP(6));
