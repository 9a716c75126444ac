/**
 * Semaphore bulkheads: a cap on concurrent calls into a dependency, with an optional bounded wait,
 * so that one slow dependency cannot take every thread.
 */
package dev.nines.core.bulkhead;
