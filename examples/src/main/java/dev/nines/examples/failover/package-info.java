/**
 * Embedding example: a client that fails over between two HTTP servers with the endpoint router.
 */
package dev.nines.examples.failover;
