/**
 * The contract every resilience policy of Nines keeps: {@link dev.nines.core.policy.Policy} (name,
 * configuration, metrics snapshot, events, clock), {@link dev.nines.core.policy.CallPolicy} (one
 * family of {@code execute*}/{@code decorate*} methods),
 * {@link dev.nines.core.policy.CallRejectedException}, the supertype of every rejection, and
 * {@link dev.nines.core.policy.Reconfigurable}, live replacement of a policy's configuration.
 */
@NullMarked
package dev.nines.core.policy;

import org.jspecify.annotations.NullMarked;
