/**
 * Embedding example: a client that fails over between two HTTP servers with the endpoint router.
 */
@NullMarked
package dev.nines.examples.failover;

import org.jspecify.annotations.NullMarked;
