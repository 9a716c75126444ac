package dev.nines.core.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CircuitBreakerConfigTest {

    private static CircuitBreakerConfig.Builder b() {
        return CircuitBreakerConfig.builder();
    }

    private static void rejects(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void hasResilience4jsDefaults() {
        CircuitBreakerConfig ours = CircuitBreakerConfig.ofDefaults();
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig theirs =
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.ofDefaults();
        assertThat(ours.failureRateThreshold())
                .isEqualTo(theirs.getFailureRateThreshold())
                .isEqualTo(50f);
        assertThat(ours.slowCallRateThreshold())
                .isEqualTo(theirs.getSlowCallRateThreshold())
                .isEqualTo(100f);
        assertThat(ours.slowCallDurationThreshold())
                .isEqualTo(theirs.getSlowCallDurationThreshold())
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(ours.slidingWindowType().name())
                .isEqualTo(theirs.getSlidingWindowType().name())
                .isEqualTo("COUNT_BASED");
        assertThat(ours.slidingWindowSize())
                .isEqualTo(theirs.getSlidingWindowSize())
                .isEqualTo(100);
        assertThat(ours.minimumNumberOfCalls())
                .isEqualTo(theirs.getMinimumNumberOfCalls())
                .isEqualTo(100);
        assertThat(ours.permittedNumberOfCallsInHalfOpenState())
                .isEqualTo(theirs.getPermittedNumberOfCallsInHalfOpenState())
                .isEqualTo(10);
        assertThat(ours.maxWaitDurationInHalfOpenState())
                .isEqualTo(theirs.getMaxWaitDurationInHalfOpenState())
                .isZero();
        assertThat(ours.transitionToStateAfterWaitDuration().name())
                .isEqualTo(theirs.getTransitionToStateAfterWaitDuration().name())
                .isEqualTo("OPEN");
        assertThat(ours.waitDurationInOpenState().toMillis())
                .isEqualTo(theirs.getWaitIntervalFunctionInOpenState().apply(1))
                .isEqualTo(60_000L);
        assertThat(ours.isAutomaticTransitionFromOpenToHalfOpenEnabled())
                .isEqualTo(theirs.isAutomaticTransitionFromOpenToHalfOpenEnabled())
                .isFalse();
        assertThat(ours.isWritableStackTraceEnabled())
                .isEqualTo(theirs.isWritableStackTraceEnabled())
                .isTrue();
        assertThat(ours.isRecordedAsFailure(new IOException())).isTrue();
        assertThat(ours.isIgnored(new IllegalStateException())).isFalse();
        assertThat(ours.isResultRecordedAsFailure("anything")).isFalse();
        assertThat(CircuitBreakerConfig.builder().build().toString()).isEqualTo(ours.toString());
    }

    @Test
    void rejectsThresholdsOutsideZeroToHundred() {
        rejects(() -> b().failureRateThreshold(0), "failureRateThreshold must be in (0, 100], was 0.0");
        rejects(() -> b().failureRateThreshold(100.5f), "failureRateThreshold must be in (0, 100], was 100.5");
        rejects(() -> b().failureRateThreshold(Float.NaN), "failureRateThreshold must be in (0, 100], was NaN");
        rejects(() -> b().slowCallRateThreshold(-1), "slowCallRateThreshold must be in (0, 100], was -1.0");
        rejects(() -> b().slowCallRateThreshold(120), "slowCallRateThreshold must be in (0, 100], was 120.0");
        assertThat(b().failureRateThreshold(100)
                        .slowCallRateThreshold(0.5f)
                        .build()
                        .slowCallRateThreshold())
                .isEqualTo(0.5f);
    }

    @Test
    void rejectsSizesBelowOneOrAboveTheMaximum() {
        rejects(() -> b().slidingWindowSize(0), "slidingWindowSize must be at least 1, was 0");
        rejects(() -> b().slidingWindowSize(1_000_001), "slidingWindowSize must be at most 1000000, was 1000001");
        rejects(() -> b().minimumNumberOfCalls(0), "minimumNumberOfCalls must be at least 1, was 0");
        rejects(
                () -> b().permittedNumberOfCallsInHalfOpenState(0),
                "permittedNumberOfCallsInHalfOpenState must be at least 1, was 0");
        rejects(
                () -> b().permittedNumberOfCallsInHalfOpenState(1_000_001),
                "permittedNumberOfCallsInHalfOpenState must be at most 1000000, was 1000001");
        rejects(
                () -> b().slidingWindow(-3, 1, SlidingWindowType.TIME_BASED),
                "slidingWindowSize must be at least 1, was -3");
    }

    @Test
    void rejectsNegativeOrZeroDurations() {
        rejects(
                () -> b().slowCallDurationThreshold(Duration.ZERO),
                "slowCallDurationThreshold must be positive, was PT0S");
        rejects(
                () -> b().waitDurationInOpenState(Duration.ofSeconds(-1)),
                "waitDurationInOpenState must be positive, was PT-1S");
        rejects(
                () -> b().maxWaitDurationInHalfOpenState(Duration.ofMillis(-1)),
                "maxWaitDurationInHalfOpenState must not be negative, was PT-0.001S");
        rejects(
                () -> b().waitIntervalFunctionInOpenState(attempt -> 0L),
                "waitIntervalFunctionInOpenState must give a positive wait, was 0 ms");
        assertThat(b().maxWaitDurationInHalfOpenState(Duration.ZERO).build().maxWaitDurationInHalfOpenState())
                .isZero();
    }

    @Test
    void rejectsAStateAfterTheHalfOpenWaitOtherThanOpenOrClosed() {
        rejects(
                () -> b().transitionToStateAfterWaitDuration(CircuitBreaker.State.HALF_OPEN),
                "transitionToStateAfterWaitDuration must be OPEN or CLOSED, was HALF_OPEN");
        assertThat(b().transitionToStateAfterWaitDuration(CircuitBreaker.State.CLOSED)
                        .build()
                        .transitionToStateAfterWaitDuration())
                .isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> b().slidingWindowType(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("slidingWindowType");
        assertThatThrownBy(() -> b().slowCallDurationThreshold(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("slowCallDurationThreshold");
        assertThatThrownBy(() -> b().recordException(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("recordException");
        assertThatThrownBy(() -> b().ignoreException(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ignoreException");
        assertThatThrownBy(() -> b().recordResult(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("recordResult");
        assertThatThrownBy(() -> b().waitIntervalFunctionInOpenState(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("waitIntervalFunctionInOpenState");
        assertThatThrownBy(() -> b().recordExceptions(IOException.class, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("recordExceptions[1]");
        assertThatThrownBy(() -> b().ignoreExceptions((Class<? extends Throwable>[]) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ignoreExceptions");
    }

    @Test
    void ignoringWinsOverRecording() {
        CircuitBreakerConfig config = b().recordExceptions(RuntimeException.class)
                .ignoreExceptions(IllegalStateException.class)
                .ignoreException(e -> "skip".equals(e.getMessage()))
                .build();
        assertThat(config.isRecordedAsFailure(new IllegalArgumentException())).isTrue();
        assertThat(config.isRecordedAsFailure(new IllegalStateException())).isFalse();
        assertThat(config.isIgnored(new IllegalStateException())).isTrue();
        assertThat(config.isIgnored(new IOException("skip"))).isTrue();
        assertThat(config.isRecordedAsFailure(new IOException())).isFalse(); // not a RuntimeException
    }

    @Test
    void toBuilderDerivesAVariantAndLeavesTheOriginalAlone() {
        CircuitBreakerConfig original = b().failureRateThreshold(20)
                .slidingWindow(5, 5, SlidingWindowType.TIME_BASED)
                .recordExceptions(IOException.class)
                .recordResult(r -> r.equals(-1))
                .writableStackTraceEnabled(false)
                .build();
        CircuitBreakerConfig variant =
                original.toBuilder().failureRateThreshold(70).build();
        assertThat(variant.failureRateThreshold()).isEqualTo(70f);
        assertThat(original.failureRateThreshold()).isEqualTo(20f);
        assertThat(variant.slidingWindowType()).isEqualTo(SlidingWindowType.TIME_BASED);
        assertThat(variant.slidingWindowSize()).isEqualTo(5);
        assertThat(variant.isRecordedAsFailure(new IllegalStateException())).isFalse();
        assertThat(variant.isResultRecordedAsFailure(-1)).isTrue();
        assertThat(variant.isWritableStackTraceEnabled()).isFalse();
    }

    @Test
    void aFixedWaitReplacesAnIntervalFunction() {
        CircuitBreakerConfig growing = b().waitIntervalFunctionInOpenState(
                        IntervalFunction.ofExponentialBackoff(100, 3))
                .build();
        assertThat(growing.openWaitNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(growing.openWaitNanos(3)).isEqualTo(Duration.ofMillis(900).toNanos());
        assertThat(growing.toString()).contains("interval function");
        CircuitBreakerConfig fixed = growing.toBuilder()
                .waitDurationInOpenState(Duration.ofSeconds(7))
                .build();
        assertThat(fixed.openWaitNanos(3)).isEqualTo(Duration.ofSeconds(7).toNanos());
    }

    @Test
    void slowCallDetectionIsOnByDefaultAndToBuilderKeepsItOff() {
        assertThat(CircuitBreakerConfig.ofDefaults().isSlowCallDetectionEnabled())
                .isTrue();
        assertThat(CircuitBreakerConfig.ofDefaults().slowCallDurationThresholdNanos())
                .isEqualTo(Duration.ofSeconds(60).toNanos());

        CircuitBreakerConfig off = b().slowCallDurationThreshold(Duration.ofMillis(10))
                .slowCallDetectionEnabled(false)
                .build();
        CircuitBreakerConfig derived = off.toBuilder().failureRateThreshold(30).build();

        assertThat(off.isSlowCallDetectionEnabled()).isFalse();
        assertThat(off.slowCallDurationThreshold()).isEqualTo(Duration.ofMillis(10));
        assertThat(off.slowCallDurationThresholdNanos())
                .as("no duration is above the threshold")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(off.toString()).contains("slow-call detection disabled");
        assertThat(derived.isSlowCallDetectionEnabled()).isFalse();
        assertThat(derived.toBuilder().slowCallDetectionEnabled(true).build().slowCallDurationThresholdNanos())
                .isEqualTo(Duration.ofMillis(10).toNanos());
    }
}
