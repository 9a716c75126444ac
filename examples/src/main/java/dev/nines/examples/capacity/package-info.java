/**
 * Embedding example: capacity planning from a CSV of hourly request counts.
 */
@NullMarked
package dev.nines.examples.capacity;

import org.jspecify.annotations.NullMarked;
