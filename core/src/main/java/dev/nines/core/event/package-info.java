/**
 * Event delivery shared by all Nines components: listeners that cost nothing when absent and
 * whose failures never break a call.
 */
@NullMarked
package dev.nines.core.event;

import org.jspecify.annotations.NullMarked;
