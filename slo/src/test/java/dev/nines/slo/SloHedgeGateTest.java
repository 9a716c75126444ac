package dev.nines.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.hedge.Hedge;
import dev.nines.core.hedge.HedgeConfig;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A latency SLO gates hedging: in steady state the hedge sends not one extra attempt, and when the
 * SLO starts burning its budget hedging resumes.
 */
class SloHedgeGateTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = ManualScheduler.of(time);
    private final SloTracker latencySlo = SloTracker.create(
            Slo.builder("quotes-latency")
                    .objective(0.99)
                    .sli(Sli.latency(Duration.ofMillis(200)))
                    .window(SloWindow.rolling(Duration.ofDays(1)))
                    .build(),
            time);
    private final SloHedgeGate gate =
            SloHedgeGate.of(latencySlo, Duration.ofMinutes(5), 1.0, Duration.ofSeconds(1), time);
    private final Hedge hedge = Hedge.of(
            "quotes",
            HedgeConfig.builder()
                    .maxAttempts(2)
                    .delay(Duration.ofMillis(150))
                    .gate(gate)
                    .build(),
            time,
            Runnable::run,
            scheduler);
    private final AtomicInteger attempts = new AtomicInteger();

    /** One call whose attempts each take {@code latencyMillis}; the SLO records the call's latency. */
    private void call(long latencyMillis) {
        long start = time.nanoTime();
        CompletableFuture<String> result = hedge.executeCompletionStage(scheduler, () -> {
                    attempts.incrementAndGet();
                    CompletableFuture<String> attempt = new CompletableFuture<>();
                    var unused =
                            scheduler.schedule(() -> attempt.complete("quote"), latencyMillis, TimeUnit.MILLISECONDS);
                    return attempt;
                })
                .toCompletableFuture();
        scheduler.advance(Duration.ofMillis(latencyMillis + 1));
        assertThat(result).isCompletedWithValue("quote");
        latencySlo.recordLatency(time.nanoTime() - start - Duration.ofMillis(1).toNanos());
        time.advance(Duration.ofMillis(100));
    }

    @Test
    void inSteadyStateTheExtraLoadIsZeroAndHedgingResumesWhenTheSloBurns() {
        // Steady state: every call is fast enough for the SLO, though slow enough to be hedged.
        for (int i = 0; i < 1_000; i++) {
            call(160);
        }
        assertThat(attempts).as("not one extra attempt in steady state").hasValue(1_000);
        assertThat(hedge.metrics().numberOfHedges()).isZero();
        assertThat(hedge.metrics().numberOfGatedCalls()).isEqualTo(1_000);
        assertThat(gate.lastBurnRate()).isZero();

        // The dependency slows down past the SLO threshold: the budget burns, the gate opens.
        for (int i = 0; i < 50; i++) {
            call(400);
        }
        assertThat(gate.lastBurnRate()).isGreaterThanOrEqualTo(1.0);
        assertThat(gate.isOpen()).isTrue();
        long hedgesBefore = hedge.metrics().numberOfHedges();
        int attemptsBefore = attempts.get();
        call(400);
        assertThat(attempts.get() - attemptsBefore).as("hedging resumed").isEqualTo(2);
        assertThat(hedge.metrics().numberOfHedges()).isEqualTo(hedgesBefore + 1);
    }

    @Test
    void theBurnRateIsReadAtMostOncePerRefreshInterval() {
        assertThat(gate.isOpen()).isFalse();
        for (int i = 0; i < 100; i++) {
            latencySlo.recordLatency(Duration.ofSeconds(1).toNanos());
        }
        assertThat(gate.isOpen()).as("not read again within the interval").isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(gate.isOpen()).isTrue();
        assertThat(gate.lastBurnRate())
                .isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-9)); // all bad: 1 / (1 - 0.99)
        assertThat(gate.toString()).contains("quotes-latency", "open=true");
    }

    @Test
    void badArgumentsAreRefusedByName() {
        assertThatThrownBy(() -> SloHedgeGate.of(latencySlo, Duration.ZERO, 1.0, Duration.ofSeconds(1), time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recent must be positive, was PT0S");
        assertThatThrownBy(() -> SloHedgeGate.of(latencySlo, Duration.ofMinutes(5), 0.0, Duration.ofSeconds(1), time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("burnRateThreshold must be");
        assertThatThrownBy(() -> SloHedgeGate.of(latencySlo, Duration.ofMinutes(5), 1.0, Duration.ZERO, time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refreshInterval must be positive, was PT0S");
    }
}
