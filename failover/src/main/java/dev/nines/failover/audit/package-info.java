/**
 * The audit log of failover decisions: append-only records with a strictly increasing sequence,
 * written before listeners are told, serialised as JSON lines to pluggable sinks (an embedded file
 * sink appends and flushes each record).
 */
@NullMarked
package dev.nines.failover.audit;

import org.jspecify.annotations.NullMarked;
