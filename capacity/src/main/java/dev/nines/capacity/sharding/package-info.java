/**
 * Sharding and rebalancing: jump consistent hash (Lamping and Veach), a consistent-hash ring with
 * virtual nodes, rendezvous (highest random weight) hashing, rebalancing plans that say which
 * keys or hash ranges move when nodes change, and load-skew statistics. Immutable values; no
 * clocks, no threads.
 */
@NullMarked
package dev.nines.capacity.sharding;

import org.jspecify.annotations.NullMarked;
