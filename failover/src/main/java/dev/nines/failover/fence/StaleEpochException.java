package dev.nines.failover.fence;

/**
 * Thrown by {@link Fence#validate(long)} when an operation carries an epoch older than the newest
 * epoch the fence has seen: the operation comes from a primary that has been replaced.
 */
public final class StaleEpochException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long epoch;
    private final long currentEpoch;

    /**
     * Creates the exception.
     *
     * @param resource the fenced resource
     * @param epoch the epoch the operation carried
     * @param currentEpoch the newest epoch the fence has seen
     */
    public StaleEpochException(String resource, long epoch, long currentEpoch) {
        super("operation on " + resource + " stamped with stale epoch " + epoch + ", current epoch is " + currentEpoch);
        this.epoch = epoch;
        this.currentEpoch = currentEpoch;
    }

    /**
     * Returns the epoch the rejected operation carried.
     *
     * @return the stale epoch
     */
    public long epoch() {
        return epoch;
    }

    /**
     * Returns the newest epoch the fence had seen when it rejected the operation.
     *
     * @return the current epoch
     */
    public long currentEpoch() {
        return currentEpoch;
    }
}
