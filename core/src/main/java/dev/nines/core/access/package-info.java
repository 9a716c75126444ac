/**
 * Who may take a manual action, and for how long: the {@link dev.nines.core.access.Authorizer} SPI
 * that every manual action (forced failover, switchover, rollback, manual breaker transition,
 * drill start) passes with its actor, action and target, and {@link
 * dev.nines.core.access.GuardedCircuitBreaker}, the facade that puts a breaker's manual transitions
 * behind it.
 *
 * <p>The SPI lives in core so that core's breaker and the failover module see the same contract;
 * the built-in time-boxed grant store, which audits every grant, use, expiry and denial, is {@code
 * dev.nines.failover.access.GrantStore}. A breaker's own {@code transitionTo*} methods stay
 * unguarded (the library and automatic code call them); operator tooling hands out the guarded
 * facade instead of the breaker.
 */
@NullMarked
package dev.nines.core.access;

import org.jspecify.annotations.NullMarked;
