/**
 * The lease store and controller state store in a relational database (PostgreSQL, MariaDB, MySQL)
 * on plain {@code java.sql}: {@link dev.nines.failover.lease.jdbc.JdbcLeaseStore}, its schema as
 * class-path resources, and {@link dev.nines.failover.lease.jdbc.JdbcDialect}.
 */
@NullMarked
package dev.nines.failover.lease.jdbc;

import org.jspecify.annotations.NullMarked;
