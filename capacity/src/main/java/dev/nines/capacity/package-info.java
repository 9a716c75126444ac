/**
 * Nines capacity: traffic forecasting (Holt-Winters and friends, event calendars, prediction
 * intervals), autoscaling policies with safeguards, queueing and scalability models, capacity
 * reservation, and sharding and rebalancing plans.
 *
 * <p>Depends on {@code nines-core} only.
 */
@NullMarked
package dev.nines.capacity;

import org.jspecify.annotations.NullMarked;
