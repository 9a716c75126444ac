/**
 * Token-bucket rate limiting: a lock-free bucket refilled by whole periods, with an optional
 * burst capacity and an optional bounded wait.
 */
package dev.nines.core.ratelimit;
