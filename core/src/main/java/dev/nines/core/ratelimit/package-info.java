/**
 * Token-bucket rate limiting: a lock-free bucket refilled by whole periods, with an optional
 * burst capacity and an optional bounded wait.
 */
@NullMarked
package dev.nines.core.ratelimit;

import org.jspecify.annotations.NullMarked;
