/**
 * JMH benchmarks of every Nines hot path, each beside resilience4j and Failsafe in the same class
 * so that one run compares them.
 */
@NullMarked
package dev.nines.benchmarks;

import org.jspecify.annotations.NullMarked;
