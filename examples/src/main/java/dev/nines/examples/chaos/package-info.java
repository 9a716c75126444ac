/**
 * Embedding example: a chaos experiment bound to an SLO's error budget.
 */
package dev.nines.examples.chaos;
