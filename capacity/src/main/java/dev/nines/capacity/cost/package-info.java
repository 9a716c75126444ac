/**
 * Cost: the cheapest mix of committed (reserved) and on-demand capacity for a forecast, with
 * prices given by the user. Pure functions; no clocks, no threads.
 */
@NullMarked
package dev.nines.capacity.cost;

import org.jspecify.annotations.NullMarked;
