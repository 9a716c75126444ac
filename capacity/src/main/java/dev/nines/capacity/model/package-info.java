/**
 * Capacity models: Little's law, M/M/c queueing with Erlang C, the Universal Scalability Law fitted
 * to load-test measurements, headroom at a target utilization, and load-test knee detection.
 * Pure functions of their inputs: no clocks, no threads.
 */
@NullMarked
package dev.nines.capacity.model;

import org.jspecify.annotations.NullMarked;
