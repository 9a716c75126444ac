package dev.nines.core.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.event.RetryEvent.Type;
import io.github.resilience4j.retry.internal.RetryImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Drives our retry and resilience4j-retry 2.4 with the same configuration and the same attempt
 * outcomes, and compares after every call: the outcome (value or exception), the waits, the
 * events (type and number of attempts) and the counters. Where the two differ on purpose (the
 * README's "Differences from resilience4j"), the property states the difference exactly instead of
 * skipping the case:
 * <ul>
 *   <li>a rejected result under {@code failAfterMaxAttempts}: resilience4j throws its
 *       MaxRetriesExceededException from inside its own retry loop, which then handles it as a
 *       second, non-retried failure: one more failed call counted and one more event;</li>
 *   <li>exponential waits: resilience4j truncates to whole milliseconds at each step, so 1 ms
 *       times 1.5 stays 1 ms; ours is {@code initial * multiplier^(n-1)} in nanoseconds.</li>
 * </ul>
 */
class RetryDifferentialTest {

    /** Retried by both. */
    static final class Retryable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Retryable() {
            super("retryable", null, false, false);
        }
    }

    /** Not retried by either. */
    static final class NotRetryable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotRetryable() {
            super("not retryable", null, false, false);
        }
    }

    enum Outcome {
        OK,
        REJECTED,
        RETRYABLE,
        NOT_RETRYABLE
    }

    record Settings(int maxAttempts, long initialMillis, double multiplier, boolean failAfterMaxAttempts) {}

    private static final List<Long> THEIR_WAITS = new ArrayList<>();

    @AfterContainer
    static void restoreSleep() {
        RetryImpl.setSleepFunction(Thread::sleep);
    }

    @Provide
    Arbitrary<Settings> settings() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 5),
                        Arbitraries.longs().between(1, 50),
                        Arbitraries.of(1.0, 1.5, 2.0, 3.0),
                        Arbitraries.of(false, true))
                .as(Settings::new);
    }

    @Provide
    Arbitrary<List<List<Outcome>>> calls() {
        Arbitrary<Outcome> outcome = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(3, Outcome.OK),
                net.jqwik.api.Tuple.of(2, Outcome.REJECTED),
                net.jqwik.api.Tuple.of(4, Outcome.RETRYABLE),
                net.jqwik.api.Tuple.of(1, Outcome.NOT_RETRYABLE));
        return outcome.list().ofMinSize(1).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 500)
    void agreesWithResilience4jRetryAfterEveryCall(
            @ForAll("settings") Settings s, @ForAll("calls") List<List<Outcome>> calls) {
        RetryImpl.setSleepFunction(THEIR_WAITS::add);
        THEIR_WAITS.clear();
        List<Long> ourWaits = new ArrayList<>();
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        Duration initial = Duration.ofMillis(s.initialMillis());
        Retry ours = Retry.of(
                "ours",
                RetryConfig.builder()
                        .maxAttempts(s.maxAttempts())
                        .backoff(Backoff.exponential(initial, s.multiplier()))
                        .retryOnException(e -> e instanceof Retryable)
                        .retryOnResult("again"::equals)
                        .failAfterMaxAttempts(s.failAfterMaxAttempts())
                        .build(),
                time,
                ourWaits::add);
        io.github.resilience4j.retry.Retry theirs = io.github.resilience4j.retry.Retry.of(
                "theirs",
                io.github.resilience4j.retry.RetryConfig.<Object>custom()
                        .maxAttempts(s.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(initial, s.multiplier()))
                        .retryOnException(e -> e instanceof Retryable)
                        .retryOnResult("again"::equals)
                        .failAfterMaxAttempts(s.failAfterMaxAttempts())
                        .build());
        List<String> ourEvents = new ArrayList<>();
        List<String> theirEvents = new ArrayList<>();
        ours.onEvent(e -> ourEvents.add(e.getClass().getSimpleName() + ":" + e.numberOfAttempts()));
        theirs.getEventPublisher()
                .onEvent(e -> theirEvents.add(name(e.getEventType()) + ":" + e.getNumberOfRetryAttempts()));

        long extraTheirFailures = 0;
        int done = 0;
        for (List<Outcome> script : calls) {
            done++;
            int ourWaitsBefore = ourWaits.size();
            int theirWaitsBefore = THEIR_WAITS.size();
            int theirEventsBefore = theirEvents.size();
            int ourEventsBefore = ourEvents.size();
            String ourOutcome = run(ours::executeSupplier, script);
            String theirOutcome = run(theirs::executeSupplier, script);
            List<String> ourCallEvents = new ArrayList<>(ourEvents.subList(ourEventsBefore, ourEvents.size()));
            List<String> theirCallEvents = new ArrayList<>(theirEvents.subList(theirEventsBefore, theirEvents.size()));

            boolean rejectedToTheEnd = s.failAfterMaxAttempts() && ourOutcome.equals("MaxRetriesExceededException");
            if (rejectedToTheEnd) {
                // Difference 1: their exception escapes into their own loop and counts again.
                assertThat(theirOutcome).as("call %s", done).isEqualTo("MaxRetriesExceededException");
                assertThat(theirCallEvents).as("call %s", done).hasSize(ourCallEvents.size() + 1);
                assertThat(theirCallEvents.get(theirCallEvents.size() - 1)).startsWith("IgnoredError:");
                theirCallEvents.remove(theirCallEvents.size() - 1);
                extraTheirFailures++;
            } else {
                assertThat(ourOutcome).as("outcome of call %s %s", done, script).isEqualTo(theirOutcome);
            }
            assertThat(ourCallEvents)
                    .as("events of call %s %s with %s", done, script, s)
                    .isEqualTo(theirCallEvents);

            List<Long> ourCallWaits = ourWaits.subList(ourWaitsBefore, ourWaits.size());
            List<Long> theirCallWaits = THEIR_WAITS.subList(theirWaitsBefore, THEIR_WAITS.size());
            assertThat(ourCallWaits).as("number of waits in call %s", done).hasSameSizeAs(theirCallWaits);
            long theirs1 = s.initialMillis();
            for (int i = 0; i < ourCallWaits.size(); i++) {
                // Ours: initial * multiplier^i, exact in nanoseconds.
                long exact = (long) (Duration.ofMillis(s.initialMillis()).toNanos() * Math.pow(s.multiplier(), i));
                assertThat(ourCallWaits.get(i))
                        .as("our wait %s in call %s", i, done)
                        .isEqualTo(exact);
                // Difference 2: theirs, truncated to whole milliseconds at every step.
                assertThat(theirCallWaits.get(i))
                        .as("their wait %s in call %s", i, done)
                        .isEqualTo(theirs1);
                theirs1 = (long) (theirs1 * s.multiplier());
            }

            Retry.Metrics m = ours.metrics();
            io.github.resilience4j.retry.Retry.Metrics r = theirs.getMetrics();
            assertThat(m.numberOfSuccessfulCallsWithoutRetryAttempt())
                    .as("successful without retry after %s", done)
                    .isEqualTo(r.getNumberOfSuccessfulCallsWithoutRetryAttempt());
            assertThat(m.numberOfSuccessfulCallsWithRetryAttempt())
                    .as("successful with retry after %s", done)
                    .isEqualTo(r.getNumberOfSuccessfulCallsWithRetryAttempt());
            assertThat(m.numberOfFailedCallsWithRetryAttempt())
                    .as("failed with retry after %s", done)
                    .isEqualTo(r.getNumberOfFailedCallsWithRetryAttempt());
            assertThat(m.numberOfFailedCallsWithoutRetryAttempt() + extraTheirFailures)
                    .as("failed without retry after %s", done)
                    .isEqualTo(r.getNumberOfFailedCallsWithoutRetryAttempt());
            assertThat(m.numberOfFailedCallsAtFirstAttempt() + m.numberOfFailedCallsAfterRetries())
                    .isEqualTo(m.numberOfFailedCallsWithoutRetryAttempt() + m.numberOfFailedCallsWithRetryAttempt());
        }
    }

    /** Our event class names, for their event types. */
    private static String name(Type type) {
        return switch (type) {
            case RETRY -> "Retrying";
            case SUCCESS -> "Succeeded";
            case ERROR -> "Failed";
            case IGNORED_ERROR -> "IgnoredError";
        };
    }

    /** Runs one call whose attempts follow {@code script} (the last outcome repeats); its outcome. */
    private static String run(
            java.util.function.Function<java.util.function.Supplier<Object>, Object> retry, List<Outcome> script) {
        Iterator<Outcome> next = script.iterator();
        Outcome[] last = {Outcome.OK};
        try {
            Object value = retry.apply(() -> {
                Outcome o = next.hasNext() ? next.next() : last[0];
                last[0] = o;
                return switch (o) {
                    case OK -> "ok";
                    case REJECTED -> "again";
                    case RETRYABLE -> throw new Retryable();
                    case NOT_RETRYABLE -> throw new NotRetryable();
                };
            });
            return "value " + value;
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }
}
