package dev.nines.failover.lease.jdbc;

/**
 * The SQL dialects the {@link JdbcLeaseStore} speaks. Each judges expiry with the database's own
 * clock, evaluated per statement: PostgreSQL's {@code statement_timestamp()}, MariaDB's and MySQL's
 * {@code UTC_TIMESTAMP(6)} (UTC, so that no session time zone shifts it).
 */
public enum JdbcDialect {

    /** PostgreSQL 12 or later (and PgBouncer in transaction mode in front of it). */
    POSTGRESQL("PostgreSQL", "postgresql", "statement_timestamp()") {
        @Override
        String plusMicros(String time) {
            return "(" + time + " + (? * INTERVAL '1 microsecond'))";
        }

        @Override
        String minusMicros(String time) {
            return "(" + time + " - (? * INTERVAL '1 microsecond'))";
        }

        @Override
        String insertIfAbsent(String table, String columns, String values, String key) {
            return "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON CONFLICT (" + key
                    + ") DO NOTHING";
        }
    },

    /** MariaDB 10.6 or later, and MySQL 8 (InnoDB). */
    MARIADB("MariaDB", "mariadb", "UTC_TIMESTAMP(6)") {
        @Override
        String plusMicros(String time) {
            return "(" + time + " + INTERVAL ? MICROSECOND)";
        }

        @Override
        String minusMicros(String time) {
            return "(" + time + " - INTERVAL ? MICROSECOND)";
        }

        @Override
        String insertIfAbsent(String table, String columns, String values, String key) {
            // Lengths are checked before: IGNORE only ever skips the duplicate key.
            return "INSERT IGNORE INTO " + table + " (" + columns + ") VALUES (" + values + ")";
        }
    };

    private final String displayName;
    private final String resourcePrefix;
    private final String now;

    JdbcDialect(String displayName, String resourcePrefix, String now) {
        this.displayName = displayName;
        this.resourcePrefix = resourcePrefix;
        this.now = now;
    }

    /**
     * Returns the product name used in messages.
     *
     * @return "PostgreSQL" or "MariaDB"
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Returns the class-path resource holding the DDL of schema {@code version} for this dialect.
     *
     * @param version the schema version, such as {@link JdbcLeaseStore#SCHEMA_VERSION}
     * @return the resource name, such as {@code dev/nines/failover/lease/jdbc/postgresql-schema-v1.sql}
     */
    public String schemaResource(int version) {
        return "dev/nines/failover/lease/jdbc/" + resourcePrefix + "-schema-v" + version + ".sql";
    }

    /**
     * Returns the class-path resource migrating schema {@code from} to {@code from + 1}.
     *
     * @param from the version migrated from
     * @return the resource name, such as {@code dev/nines/failover/lease/jdbc/mariadb-migrate-1-to-2.sql}
     */
    public String migrationResource(int from) {
        return "dev/nines/failover/lease/jdbc/" + resourcePrefix + "-migrate-" + from + "-to-" + (from + 1) + ".sql";
    }

    /** The database clock's current time, evaluated per statement. */
    String now() {
        return now;
    }

    /** {@code time} plus a bound parameter of microseconds. */
    abstract String plusMicros(String time);

    /** {@code time} minus a bound parameter of microseconds. */
    abstract String minusMicros(String time);

    /** An insert that does nothing when the key exists. */
    abstract String insertIfAbsent(String table, String columns, String values, String key);
}
