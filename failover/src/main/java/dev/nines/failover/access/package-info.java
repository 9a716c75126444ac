/**
 * Just-in-time access to failover tools: {@link dev.nines.failover.access.GrantStore}, a built-in
 * {@link dev.nines.core.access.Authorizer} of time-boxed, approved grants that audits every grant,
 * use, expiry and denial, and {@link dev.nines.failover.access.GuardedFailover}, the controller's
 * manual actions (forced failover, switchover, rollback) behind an authorizer.
 */
@NullMarked
package dev.nines.failover.access;

import org.jspecify.annotations.NullMarked;
