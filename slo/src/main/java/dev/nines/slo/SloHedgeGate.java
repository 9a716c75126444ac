package dev.nines.slo;

import dev.nines.core.hedge.HedgeGate;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link HedgeGate} that allows hedging only while an SLO is burning its error budget: open while
 * the tracker's {@link SloTracker#burnRate(Duration) burn rate} over {@code recent} is at least
 * {@code burnRateThreshold}, closed otherwise. In steady state a hedge behind this gate sends no
 * extra attempt at all; when a latency objective starts to burn (slow calls count as bad events of a
 * {@link Sli#latency(Duration) latency SLI}), hedging resumes and cuts the tail.
 *
 * <p>The burn rate is read at most once per {@code refreshInterval} (on the given
 * {@link TimeSource}), by the first call that finds the last reading stale; every other call reads
 * one volatile field, so the gate costs the hot path nothing and never blocks it.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * SloTracker latency = SloTracker.create(Slo.builder("quotes-p99")
 *         .objective(0.99).sli(Sli.latency(Duration.ofMillis(200))).build(), time);
 * HedgeConfig config = HedgeConfig.builder()   // dev.nines.core.hedge
 *         .delayAtLatencyQuantile(0.95)
 *         .gate(SloHedgeGate.of(latency, Duration.ofMinutes(5), 1.0, Duration.ofSeconds(1), time))
 *         .build();
 * }</pre>
 */
public final class SloHedgeGate implements HedgeGate {

    private final SloTracker tracker;
    private final Duration recent;
    private final double burnRateThreshold;
    private final long refreshNanos;
    private final TimeSource timeSource;
    private final AtomicLong nextReadNanos;
    private volatile boolean open;
    private volatile double lastBurnRate;

    private SloHedgeGate(
            SloTracker tracker, Duration recent, double burnRateThreshold, Duration refreshInterval, TimeSource time) {
        this.tracker = tracker;
        this.recent = recent;
        this.burnRateThreshold = burnRateThreshold;
        this.refreshNanos = refreshInterval.toNanos();
        this.timeSource = time;
        this.nextReadNanos = new AtomicLong(time.nanoTime());
    }

    /**
     * Creates a gate over {@code tracker}.
     *
     * @param tracker the SLO whose budget must be burning for hedges to start
     * @param recent the span the burn rate is measured over, positive (e.g. 5 minutes)
     * @param burnRateThreshold the burn rate from which hedging is allowed, positive: 1 allows it
     *     as soon as the budget burns faster than it may over the window
     * @param refreshInterval how often the burn rate is read, positive
     * @param timeSource the clock of the refresh interval
     * @return a new gate, closed until its first reading finds the budget burning
     * @throws IllegalArgumentException if a duration is not positive or the threshold is not a
     *     positive finite number
     */
    public static SloHedgeGate of(
            SloTracker tracker,
            Duration recent,
            double burnRateThreshold,
            Duration refreshInterval,
            TimeSource timeSource) {
        Objects.requireNonNull(tracker, "tracker");
        Arguments.positive("recent", recent);
        Arguments.positive("burnRateThreshold", burnRateThreshold);
        Arguments.positive("refreshInterval", refreshInterval);
        Objects.requireNonNull(timeSource, "timeSource");
        return new SloHedgeGate(tracker, recent, burnRateThreshold, refreshInterval, timeSource);
    }

    /**
     * Returns whether the SLO was burning at the last reading, reading the burn rate again first if
     * the reading is older than the refresh interval.
     *
     * @return {@code true} while the burn rate is at least the threshold
     */
    @Override
    public boolean isOpen() {
        long now = timeSource.nanoTime();
        long next = nextReadNanos.get();
        if (now - next >= 0 && nextReadNanos.compareAndSet(next, now + refreshNanos)) {
            refresh();
        }
        return open;
    }

    /**
     * Reads the burn rate now and opens or closes the gate, whatever the refresh interval.
     *
     * @return whether the gate is open
     */
    public boolean refresh() {
        double burnRate = tracker.burnRate(recent);
        lastBurnRate = burnRate;
        open = burnRate >= burnRateThreshold;
        return open;
    }

    /**
     * Returns the burn rate of the last reading.
     *
     * @return the burn rate, 0 before the first reading
     */
    public double lastBurnRate() {
        return lastBurnRate;
    }

    /**
     * Returns a description naming the SLO, the span, the threshold and whether the gate is open.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "SloHedgeGate[slo=" + tracker.slo().name() + ", recent=" + recent + ", burnRateThreshold="
                + burnRateThreshold + ", open=" + open + "]";
    }
}
