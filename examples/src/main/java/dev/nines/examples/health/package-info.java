/**
 * Embedding example: health probes and a Prometheus endpoint on a JDK {@code HttpServer}.
 */
@NullMarked
package dev.nines.examples.health;

import org.jspecify.annotations.NullMarked;
