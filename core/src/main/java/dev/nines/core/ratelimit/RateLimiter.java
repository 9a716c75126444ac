package dev.nines.core.ratelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.policy.AttemptGuard;
import dev.nines.core.policy.CallPolicy;
import dev.nines.core.policy.Reconfigurable;
import dev.nines.core.time.TimeSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A token-bucket rate limiter: the bucket starts with {@link RateLimiterConfig#burstCapacity()}
 * permits, receives {@link RateLimiterConfig#limitForPeriod()} permits at the start of every
 * {@link RateLimiterConfig#limitRefreshPeriod()} (periods counted from the limiter's creation on its
 * {@link TimeSource}), and never holds more than the burst capacity.
 *
 * <p>Over any stretch of time that covers {@code k} period starts, the limiter hands out at most
 * {@code burstCapacity + k * limitForPeriod} permits, exactly, with integer arithmetic: there is no
 * drift however long it runs, and a large jump of the clock simply fills the bucket. With a
 * {@linkplain RateLimiterConfig#warmupPeriod() warm-up}, a cold limiter supplies
 * {@code limitForPeriod / coldFactor} per period and ramps linearly to {@code limitForPeriod}. For a
 * limit per client or tenant, see {@link KeyedRateLimiter}.
 *
 * <p>Thread-safe and lock-free: the whole bucket is one {@code long} updated by CAS, and
 * {@link #tryAcquirePermission(int)} neither locks nor allocates. Waiting is optional and bounded by
 * {@link RateLimiterConfig#timeoutDuration()}: {@link #reservePermission(int)} books permits from
 * future periods and returns how long the caller must wait for them;
 * {@link #acquirePermission(int)} books and then parks the calling thread (never inside
 * {@code synchronized}, so virtual threads do not pin) until the injected clock reaches the booked
 * time.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.of("search", RateLimiterConfig.builder()
 *         .limitForPeriod(100).limitRefreshPeriod(Duration.ofSeconds(1)).build(), TimeSource.system());
 * if (limiter.tryAcquirePermission(1)) {
 *     search(query);
 * } else {
 *     respondTooManyRequests();
 * }
 * }</pre>
 */
public interface RateLimiter
        extends CallPolicy<RateLimiterConfig, RateLimiter.Metrics, RateLimiterEvent>,
                AttemptGuard,
                Reconfigurable<RateLimiterConfig> {

    /**
     * Creates a rate limiter with a full bucket.
     *
     * @param name the name, used in events, metrics and exceptions
     * @param config the configuration
     * @param timeSource the clock that defines the periods
     * @return a new rate limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static RateLimiter of(String name, RateLimiterConfig config, TimeSource timeSource) {
        return new TokenBucketRateLimiter(name, config, timeSource, null);
    }

    /**
     * Creates a rate limiter with the default configuration and the system clock.
     *
     * @param name the name, used in events, metrics and exceptions
     * @return a new rate limiter granting 50 permits per second, without waiting
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static RateLimiter ofDefaults(String name) {
        return of(name, RateLimiterConfig.ofDefaults(), TimeSource.system());
    }

    /**
     * Returns the name of this rate limiter.
     *
     * @return the name
     */
    @Override
    String name();

    /**
     * Returns the configuration in force.
     *
     * @return the configuration, the latest one given to {@link #reconfigure}
     */
    @Override
    RateLimiterConfig config();

    /**
     * Replaces the configuration while the rate limiter runs. What is kept:
     *
     * <table>
     *   <caption>What a reconfiguration keeps</caption>
     *   <tr><th>Change</th><th>Effect</th></tr>
     *   <tr><td>any</td>
     *       <td>the permits the bucket holds at the change are kept, capped at the new
     *       {@code burstCapacity}; permits booked ahead (waiting callers, reservations) stay booked
     *       and are paid from the new refills; the refill period restarts at the change</td></tr>
     *   <tr><td>{@code timeoutDuration}</td><td>applies to requests from now on</td></tr>
     *   <tr><td>callers waiting for booked permits ({@link #acquirePermission(int)}, the
     *       {@code execute*} methods)</td>
     *       <td>go when the new bucket supplies their permits, if that is sooner than the time they
     *       were given (a higher rate or a shorter period); otherwise keep that time. Before this
     *       method returns, a parked thread is woken to look again and an asynchronous call is
     *       scheduled again. The wait that {@link #reservePermission(int)} returned is the caller's
     *       own and is not changed</td></tr>
     * </table>
     *
     * <p>No permit is granted twice or lost to a request racing the change: the old bucket is
     * sealed before its holdings are read, and a request that meets the seal moves to the new
     * bucket. Every {@link RateLimiterConfig} that builds is valid, so this never refuses one.
     * Publishes {@link RateLimiterEvent.ConfigurationChanged}.
     *
     * @param newConfig the new configuration
     * @return the configuration that was in force
     */
    @Override
    RateLimiterConfig reconfigure(RateLimiterConfig newConfig);

    /**
     * Takes one permit if the bucket holds one now; never waits.
     *
     * @return whether the permit was granted
     */
    boolean tryAcquirePermission();

    /**
     * Takes {@code permits} permits if the bucket holds them now; never waits, never takes part.
     *
     * @param permits the number of permits, from 1 to the burst capacity
     * @return whether the permits were granted
     * @throws IllegalArgumentException if {@code permits} is outside {@code [1, burstCapacity]}
     */
    boolean tryAcquirePermission(int permits);

    /**
     * Books {@code permits} permits if the bucket holds them now or will hold them within the
     * timeout, and returns how long the caller must wait before using them. Booked permits are
     * taken from future periods, so later callers wait behind this one. Does not wait itself:
     * suited to callers that schedule rather than block.
     *
     * @param permits the number of permits, from 1 to the burst capacity
     * @return the nanoseconds to wait (0 to go at once), or -1 if refused (nothing was booked)
     * @throws IllegalArgumentException if {@code permits} is outside {@code [1, burstCapacity]}
     */
    long reservePermission(int permits);

    /**
     * Books permits like {@link #reservePermission(int)} and parks the calling thread until the
     * booked time on the injected clock. An interrupted wait returns {@code false} with the interrupt
     * status set; the booked permits are then spent, not returned.
     *
     * @param permits the number of permits, from 1 to the burst capacity
     * @return whether the permits were granted and their time has come
     * @throws IllegalArgumentException if {@code permits} is outside {@code [1, burstCapacity]}
     */
    boolean acquirePermission(int permits);

    /**
     * Returns the clock that drives the bucket's periods and waits.
     *
     * @return the time source given at creation
     */
    @Override
    TimeSource timeSource();

    /**
     * Returns a snapshot of the bucket and its waiting threads.
     *
     * @return a new snapshot
     */
    @Override
    Metrics metrics();

    /**
     * Takes one permit, waiting up to the configured timeout (not at all when it is zero), as the
     * {@code execute*} methods do.
     *
     * @throws RequestNotPermittedException if no permit was granted within the timeout
     */
    @Override
    void acquirePermission();

    /**
     * Returns {@code false}: a rate limiter never uses the durations of the calls it admits.
     *
     * @return {@code false}
     */
    @Override
    default boolean needsDuration() {
        return false;
    }

    /**
     * Does nothing: a spent permit is not returned.
     *
     * @param durationNanos not used
     * @param result not used
     */
    @Override
    default void onAttemptResult(long durationNanos, Object result) {}

    /**
     * Does nothing: a spent permit is not returned.
     *
     * @param durationNanos not used
     * @param error not used
     */
    @Override
    default void onAttemptError(long durationNanos, Throwable error) {}

    /**
     * Returns the permits in the bucket now; negative when permits of future periods are booked.
     *
     * @return the available permits, at most the burst capacity
     */
    long availablePermits();

    /**
     * Returns the number of threads parked in {@link #acquirePermission(int)} right now.
     *
     * @return the waiting threads
     */
    int waitingThreads();

    /**
     * Runs {@code supplier} once one permit is granted (waiting up to the timeout).
     *
     * @param supplier the call
     * @param <T> the result type
     * @return the supplier's result
     * @throws RequestNotPermittedException if no permit was granted within the timeout
     */
    @Override
    <T> T executeSupplier(Supplier<T> supplier);

    /**
     * Runs {@code callable} once one permit is granted (waiting up to the timeout).
     *
     * @param callable the call
     * @param <T> the result type
     * @return the callable's result
     * @throws RequestNotPermittedException if no permit was granted within the timeout
     * @throws Exception whatever {@code callable} throws
     */
    @Override
    <T> T executeCallable(Callable<T> callable) throws Exception;

    /**
     * Runs {@code runnable} once one permit is granted (waiting up to the timeout).
     *
     * @param runnable the call
     * @throws RequestNotPermittedException if no permit was granted within the timeout
     */
    @Override
    void executeRunnable(Runnable runnable);

    /**
     * Starts an asynchronous call once one permit is granted, without blocking: books the permit
     * (see {@link #reservePermission(int)}); starts the call now if the permit is free now, else on
     * {@code scheduler} when its period starts. A refused permit gives a stage failed with
     * {@link RequestNotPermittedException}; a call that throws gives a failed stage.
     *
     * @param scheduler where a call whose permit lies in a later period is started
     * @param supplier starts the call
     * @param <T> the result type
     * @return the call's stage, or a stage that relays it once started
     */
    @Override
    <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier);

    /**
     * Registers a listener for this rate limiter's events, called on the thread that caused them.
     *
     * @param listener the listener
     * @return a handle that unregisters the listener when closed
     */
    @Override
    EventListeners.Registration onEvent(Consumer<? super RateLimiterEvent> listener);

    /**
     * A snapshot of a rate limiter's bucket.
     *
     * @param availablePermits the permits in the bucket when the snapshot was taken; negative when
     *     permits of future periods are booked
     * @param waitingThreads the threads parked for a permit when the snapshot was taken
     */
    record Metrics(long availablePermits, int waitingThreads) {}
}
