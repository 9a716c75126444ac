/**
 * Embedding example: a chaos experiment bound to an SLO's error budget.
 */
@NullMarked
package dev.nines.examples.chaos;

import org.jspecify.annotations.NullMarked;
