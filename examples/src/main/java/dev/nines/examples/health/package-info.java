/**
 * Embedding example: health probes and a Prometheus endpoint on a JDK {@code HttpServer}.
 */
package dev.nines.examples.health;
