package dev.nines.core.timelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of a time limiter: new calls get the new timeout, running ones keep theirs. */
class TimeLimiterReconfigurationTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    private static TimeLimiterConfig timeout(Duration timeout) {
        return TimeLimiterConfig.builder().timeoutDuration(timeout).build();
    }

    @Test
    void aCallRunningKeepsItsTimeoutAndTheNextOneGetsTheNewOne() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        TimeLimiter limiter = TimeLimiter.of("api", timeout(Duration.ofSeconds(1)), time);
        CompletableFuture<String> running = new CompletableFuture<>();
        CompletableFuture<String> first =
                limiter.executeCompletionStage(scheduler, () -> running).toCompletableFuture();

        limiter.reconfigure(timeout(Duration.ofSeconds(5)));
        CompletableFuture<String> second = limiter.<String>executeCompletionStage(scheduler, CompletableFuture::new)
                .toCompletableFuture();
        time.advance(Duration.ofSeconds(1));
        scheduler.runDue();

        assertThat(first).isCompletedExceptionally();
        assertThat(second).isNotDone();
        time.advance(Duration.ofSeconds(4));
        scheduler.runDue();
        assertThatThrownBy(second::join).hasCauseInstanceOf(TimeoutException.class);
        assertThat(limiter.configurationChanges()).isOne();
    }

    @Test
    void aSynchronousCallIsJudgedByTheNewTimeoutThroughTheRegistry() {
        TimeLimiterRegistry registry = TimeLimiterRegistry.of(timeout(Duration.ofSeconds(1)), time);
        TimeLimiter held = registry.timeLimiter("api");

        registry.reconfigure("api", timeout(Duration.ofSeconds(3)));

        assertThat(held.executeSupplier(() -> {
                    time.advance(Duration.ofSeconds(2));
                    return "in time now";
                }))
                .isEqualTo("in time now");
    }
}
