/**
 * Embedding example: capacity planning from a CSV of hourly request counts.
 */
package dev.nines.examples.capacity;
