package dev.nines.core.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Drives our breaker and resilience4j's with the same configuration, clock and call sequence,
 * and checks that they agree on the state (and on the window's metrics) after every step.
 */
class CircuitBreakerDifferentialTest {

    private static final Duration SLOW = Duration.ofMillis(100);

    /** One step of a scenario. */
    record Step(Kind kind, long millis) {
        @Override
        public String toString() {
            return kind
                    + (kind == Kind.ADVANCE || kind == Kind.SUCCESS || kind == Kind.ERROR ? "(" + millis + ")" : "");
        }
    }

    enum Kind {
        ACQUIRE,
        SUCCESS,
        ERROR,
        IGNORED_ERROR,
        UNRECORDED_ERROR,
        RELEASE,
        ADVANCE,
        TO_OPEN,
        TO_CLOSED,
        TO_HALF_OPEN,
        TO_DISABLED,
        TO_FORCED_OPEN,
        TO_METRICS_ONLY,
        RESET
    }

    /** The configuration shared by both breakers. */
    record Settings(
            int windowSize,
            int minimumCalls,
            float failureThreshold,
            float slowThreshold,
            int permittedInHalfOpen,
            long waitMillis,
            MinimumSetBy minimumSetBy) {}

    /** The builder's ways of setting the window and its minimum number of calls. */
    enum MinimumSetBy {
        /** {@code slidingWindow(size, minimum, type)}. */
        SLIDING_WINDOW,
        /** {@code slidingWindowSize}, {@code minimumNumberOfCalls} and {@code slidingWindowType}. */
        SEPARATE_SETTERS,
        /** {@code slidingWindow(size, 1, type)}, then {@code minimumNumberOfCalls(minimum)}. */
        SETTER_AFTER_SLIDING_WINDOW,
        /** {@code minimumNumberOfCalls(minimum)}, then {@code slidingWindow(size, minimum, type)}. */
        SETTER_BEFORE_SLIDING_WINDOW
    }

    @Property(tries = 1000)
    void agreesWithResilience4jOnCountBasedWindows(
            @ForAll("countSettings") Settings settings, @ForAll("steps") List<Step> steps) {
        check(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, settings, steps);
    }

    @Property(tries = 1000)
    void agreesWithResilience4jOnTimeBasedWindows(
            @ForAll("timeSettings") Settings settings, @ForAll("steps") List<Step> steps) {
        check(CircuitBreakerConfig.SlidingWindowType.TIME_BASED, settings, steps);
    }

    @Provide
    Arbitrary<Settings> countSettings() {
        return settings(Arbitraries.integers().between(1, 12));
    }

    @Provide
    Arbitrary<Settings> timeSettings() {
        return settings(Arbitraries.integers().between(1, 5));
    }

    private static Arbitrary<Settings> settings(Arbitrary<Integer> windowSizes) {
        Arbitrary<Float> thresholds = Arbitraries.of(1f, 20f, 33.333332f, 50f, 66.66667f, 75f, 100f);
        // Minimums reach well above the window sizes and the permitted calls in HALF_OPEN.
        Arbitrary<Integer> minimums = Arbitraries.integers().between(1, 30).edgeCases(c -> c.includeOnly(1, 13, 30));
        return Combinators.combine(
                        windowSizes,
                        minimums,
                        thresholds,
                        thresholds,
                        Arbitraries.integers().between(1, 8),
                        Arbitraries.longs().between(1, 3_000),
                        Arbitraries.of(MinimumSetBy.class))
                .as(Settings::new);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.just(new Step(Kind.ACQUIRE, 0))),
                net.jqwik.api.Tuple.of(25, Arbitraries.longs().between(0, 200).map(ms -> new Step(Kind.SUCCESS, ms))),
                net.jqwik.api.Tuple.of(20, Arbitraries.longs().between(0, 200).map(ms -> new Step(Kind.ERROR, ms))),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Step(Kind.IGNORED_ERROR, 0))),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Step(Kind.UNRECORDED_ERROR, 0))),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Step(Kind.RELEASE, 0))),
                net.jqwik.api.Tuple.of(15, Arbitraries.longs().between(0, 4_000).map(ms -> new Step(Kind.ADVANCE, ms))),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.of(
                                        Kind.TO_OPEN,
                                        Kind.TO_CLOSED,
                                        Kind.TO_HALF_OPEN,
                                        Kind.TO_DISABLED,
                                        Kind.TO_FORCED_OPEN,
                                        Kind.TO_METRICS_ONLY,
                                        Kind.RESET)
                                .map(k -> new Step(k, 0))));
        return step.list().ofMinSize(1).ofMaxSize(80);
    }

    private static void check(CircuitBreakerConfig.SlidingWindowType type, Settings s, List<Step> steps) {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00.250Z"));
        CircuitBreakerConfig oursConfig = window(CircuitBreakerConfig.builder(), type, s)
                .failureRateThreshold(s.failureThreshold())
                .slowCallRateThreshold(s.slowThreshold())
                .slowCallDurationThreshold(SLOW)
                .permittedNumberOfCallsInHalfOpenState(s.permittedInHalfOpen())
                .waitDurationInOpenState(Duration.ofMillis(s.waitMillis()))
                .ignoreExceptions(IllegalStateException.class)
                .recordExceptions(RuntimeException.class)
                .build();
        CircuitBreaker ours = CircuitBreaker.of("ours", oursConfig, time);
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig theirsConfig = window(
                        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom(), type, s)
                .failureRateThreshold(s.failureThreshold())
                .slowCallRateThreshold(s.slowThreshold())
                .slowCallDurationThreshold(SLOW)
                .permittedNumberOfCallsInHalfOpenState(s.permittedInHalfOpen())
                .waitDurationInOpenState(Duration.ofMillis(s.waitMillis()))
                .ignoreExceptions(IllegalStateException.class)
                .recordExceptions(RuntimeException.class)
                .clock(new ManualClock(time))
                .build();
        io.github.resilience4j.circuitbreaker.CircuitBreaker theirs =
                io.github.resilience4j.circuitbreaker.CircuitBreaker.of("theirs", theirsConfig);
        assertThat(oursConfig.minimumNumberOfCalls())
                .as("minimumNumberOfCalls of %s", s)
                .isEqualTo(theirsConfig.getMinimumNumberOfCalls());

        List<Step> done = new ArrayList<>();
        for (Step step : steps) {
            done.add(step);
            try {
                apply(step, ours, theirs, time, done);
            } catch (ArithmeticException e) {
                // resilience4j 2.4.0 divides by zero when it records into the empty window that an
                // OPEN state inherits from DISABLED or FORCED_OPEN; ours records. Stop comparing.
                assertThat(theirs.getState().name()).isIn("OPEN", "HALF_OPEN");
                return;
            }
            assertThat(ours.state().name())
                    .as("state after %s", done)
                    .isEqualTo(theirs.getState().name());
            CircuitBreaker.Metrics m = ours.metrics();
            io.github.resilience4j.circuitbreaker.CircuitBreaker.Metrics r = theirs.getMetrics();
            assertThat(m.numberOfBufferedCalls()).as("buffered after %s", done).isEqualTo(r.getNumberOfBufferedCalls());
            assertThat(m.numberOfFailedCalls()).as("failed after %s", done).isEqualTo(r.getNumberOfFailedCalls());
            assertThat(m.numberOfSlowCalls()).as("slow after %s", done).isEqualTo(r.getNumberOfSlowCalls());
            assertThat(m.numberOfSlowFailedCalls())
                    .as("slow failed after %s", done)
                    .isEqualTo(r.getNumberOfSlowFailedCalls());
            assertThat(m.failureRate()).as("failure rate after %s", done).isEqualTo(r.getFailureRate());
            assertThat(m.slowCallRate()).as("slow-call rate after %s", done).isEqualTo(r.getSlowCallRate());
            assertThat(m.numberOfNotPermittedCalls())
                    .as("not permitted after %s", done)
                    .isEqualTo(r.getNumberOfNotPermittedCalls());
            net.jqwik.api.statistics.Statistics.label("state").collect(ours.state());
        }
    }

    private static CircuitBreakerConfig.Builder window(
            CircuitBreakerConfig.Builder b, CircuitBreakerConfig.SlidingWindowType type, Settings s) {
        return switch (s.minimumSetBy()) {
            case SLIDING_WINDOW -> b.slidingWindow(s.windowSize(), s.minimumCalls(), type);
            case SEPARATE_SETTERS ->
                b.slidingWindowSize(s.windowSize())
                        .minimumNumberOfCalls(s.minimumCalls())
                        .slidingWindowType(type);
            case SETTER_AFTER_SLIDING_WINDOW ->
                b.slidingWindow(s.windowSize(), 1, type).minimumNumberOfCalls(s.minimumCalls());
            case SETTER_BEFORE_SLIDING_WINDOW ->
                b.minimumNumberOfCalls(s.minimumCalls()).slidingWindow(s.windowSize(), s.minimumCalls(), type);
        };
    }

    private static io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.Builder window(
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.Builder b,
            CircuitBreakerConfig.SlidingWindowType ourType,
            Settings s) {
        var type = io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.valueOf(ourType.name());
        return switch (s.minimumSetBy()) {
            case SLIDING_WINDOW -> b.slidingWindow(s.windowSize(), s.minimumCalls(), type);
            case SEPARATE_SETTERS ->
                b.slidingWindowSize(s.windowSize())
                        .minimumNumberOfCalls(s.minimumCalls())
                        .slidingWindowType(type);
            case SETTER_AFTER_SLIDING_WINDOW ->
                b.slidingWindow(s.windowSize(), 1, type).minimumNumberOfCalls(s.minimumCalls());
            case SETTER_BEFORE_SLIDING_WINDOW ->
                b.minimumNumberOfCalls(s.minimumCalls()).slidingWindow(s.windowSize(), s.minimumCalls(), type);
        };
    }

    private static void apply(
            Step step,
            CircuitBreaker ours,
            io.github.resilience4j.circuitbreaker.CircuitBreaker theirs,
            ManualTimeSource time,
            List<Step> done) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(step.millis());
        switch (step.kind()) {
            case ACQUIRE ->
                assertThat(ours.tryAcquirePermission())
                        .as("permission after %s", done)
                        .isEqualTo(theirs.tryAcquirePermission());
            case SUCCESS -> {
                ours.onSuccess(nanos);
                theirs.onSuccess(nanos, TimeUnit.NANOSECONDS);
            }
            case ERROR -> {
                RuntimeException e = new RuntimeException("boom");
                ours.onError(nanos, e);
                theirs.onError(nanos, TimeUnit.NANOSECONDS, e);
            }
            case IGNORED_ERROR -> {
                IllegalStateException e = new IllegalStateException("ignored");
                ours.onError(0, e);
                theirs.onError(0, TimeUnit.NANOSECONDS, e);
            }
            case UNRECORDED_ERROR -> {
                Exception e = new java.io.IOException("not recorded");
                ours.onError(0, e);
                theirs.onError(0, TimeUnit.NANOSECONDS, e);
            }
            case RELEASE -> {
                ours.releasePermission();
                theirs.releasePermission();
            }
            case ADVANCE -> time.advance(Duration.ofMillis(step.millis()));
            case TO_OPEN -> both(ours::transitionToOpenState, theirs::transitionToOpenState, done);
            case TO_CLOSED -> both(ours::transitionToClosedState, theirs::transitionToClosedState, done);
            case TO_HALF_OPEN -> both(ours::transitionToHalfOpenState, theirs::transitionToHalfOpenState, done);
            case TO_DISABLED -> both(ours::transitionToDisabledState, theirs::transitionToDisabledState, done);
            case TO_FORCED_OPEN -> both(ours::transitionToForcedOpenState, theirs::transitionToForcedOpenState, done);
            case TO_METRICS_ONLY ->
                both(ours::transitionToMetricsOnlyState, theirs::transitionToMetricsOnlyState, done);
            case RESET -> both(ours::reset, theirs::reset, done);
            default -> throw new AssertionError(step);
        }
    }

    private static void both(Runnable ours, Runnable theirs, List<Step> done) {
        boolean oursThrew = throwsIllegalState(ours);
        boolean theirsThrew = throwsIllegalState(theirs);
        assertThat(oursThrew).as("rejected transition after %s", done).isEqualTo(theirsThrew);
    }

    private static boolean throwsIllegalState(Runnable r) {
        try {
            r.run();
            return false;
        } catch (IllegalStateException | io.github.resilience4j.circuitbreaker.IllegalStateTransitionException e) {
            return true;
        }
    }

    /** Resilience4j's view of our manual clock. */
    private static final class ManualClock extends Clock {
        private final ManualTimeSource time;

        ManualClock(ManualTimeSource time) {
            this.time = time;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return time.now();
        }

        @Override
        public long millis() {
            return time.currentTimeMillis();
        }
    }
}
