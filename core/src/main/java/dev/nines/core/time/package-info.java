/**
 * Injected time: {@link dev.nines.core.time.TimeSource} for production and
 * {@link dev.nines.core.time.ManualTimeSource} for tests and simulations that advance time by hand.
 */
@NullMarked
package dev.nines.core.time;

import org.jspecify.annotations.NullMarked;
