/**
 * The main demo: a checkout service simulated over 30 days of virtual time.
 */
@NullMarked
package dev.nines.examples.demo;

import org.jspecify.annotations.NullMarked;
