/**
 * The lease and controller state stores on etcd, through jetcd (an optional dependency: add
 * {@code io.etcd:jetcd-core} to use this package). For a controller that fails over the database
 * itself, whose lease must not live in that database.
 */
@NullMarked
package dev.nines.failover.lease.etcd;

import org.jspecify.annotations.NullMarked;
