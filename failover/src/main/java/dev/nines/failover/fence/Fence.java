package dev.nines.failover.fence;

import dev.nines.core.internal.Arguments;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fence in front of one resource (a table, a queue, a storage bucket) that rejects operations
 * stamped with an epoch older than the newest epoch it has seen, so a primary that was replaced but
 * still believes it leads cannot write.
 *
 * <p>The fence learns epochs in two ways: the failover controller {@linkplain #advance(long)
 * advances} it on every promotion, and an operation carrying a newer epoch than the fence knows
 * raises it (a fencing token: the resource keeps the highest token it has seen). Operations with an
 * epoch equal to or newer than the highest are accepted.
 *
 * <p>Thread-safe and lock-free; {@link #tryAccept(long)} does not allocate.
 *
 * <pre>{@code
 * Fence fence = Fence.create("orders");
 * controller.addFence(fence);
 * fence.validate(epochOfThisWriter); // throws StaleEpochException after a failover
 * }</pre>
 */
public final class Fence {

    private final String resource;
    private final AtomicLong highest = new AtomicLong(-1L);
    private final LongAdder rejected = new LongAdder();

    private Fence(String resource) {
        this.resource = resource;
    }

    /**
     * Creates a fence that has seen no epoch yet (it accepts any epoch until it learns one).
     *
     * @param resource the name of the guarded resource, for messages
     * @return a new fence
     * @throws IllegalArgumentException if {@code resource} is blank
     */
    public static Fence create(String resource) {
        return new Fence(Arguments.notBlank("resource", resource));
    }

    /**
     * Returns the name of the guarded resource.
     *
     * @return the resource name
     */
    public String resource() {
        return resource;
    }

    /**
     * Raises the newest known epoch to {@code epoch}; a lower value is ignored.
     *
     * @param epoch the epoch of a promotion, at least 0
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public void advance(long epoch) {
        Arguments.atLeast("epoch", epoch, 0L);
        highest.accumulateAndGet(epoch, Math::max);
    }

    /**
     * Accepts an operation stamped with {@code epoch} if it is not older than the newest known
     * epoch; a newer epoch becomes the newest known one.
     *
     * @param epoch the epoch the operation carries
     * @return {@code true} if the operation may proceed, {@code false} if it is stale
     */
    public boolean tryAccept(long epoch) {
        long current;
        do {
            current = highest.get();
            if (epoch < current) {
                rejected.increment();
                return false;
            }
        } while (epoch != current && !highest.compareAndSet(current, epoch));
        return true;
    }

    /**
     * Like {@link #tryAccept(long)}, but throws for a stale epoch.
     *
     * @param epoch the epoch the operation carries
     * @throws StaleEpochException if {@code epoch} is older than the newest known epoch
     */
    public void validate(long epoch) {
        if (!tryAccept(epoch)) {
            throw new StaleEpochException(resource, epoch, highest.get());
        }
    }

    /**
     * Returns the newest epoch this fence has seen.
     *
     * @return the newest epoch, or -1 if none yet
     */
    public long currentEpoch() {
        return highest.get();
    }

    /**
     * Returns how many operations this fence has rejected.
     *
     * @return the number of rejected operations
     */
    public long rejectedCount() {
        return rejected.sum();
    }

    @Override
    public String toString() {
        return "Fence[" + resource + ", epoch=" + highest.get() + "]";
    }
}
