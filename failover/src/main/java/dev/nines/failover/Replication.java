package dev.nines.failover;

/** How a standby receives changes from the primary. */
public enum Replication {
    /** The primary waits for this standby to confirm each commit: promoting it loses no data. */
    SYNC,
    /** The primary does not wait: promoting this standby may lose what it had not yet received. */
    ASYNC
}
