/**
 * Semaphore bulkheads: a cap on concurrent calls into a dependency, with an optional bounded wait,
 * so that one slow dependency cannot take every thread.
 */
@NullMarked
package dev.nines.core.bulkhead;

import org.jspecify.annotations.NullMarked;
