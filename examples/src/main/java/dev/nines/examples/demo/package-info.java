/**
 * The main demo: a checkout service simulated over 30 days of virtual time.
 */
package dev.nines.examples.demo;
