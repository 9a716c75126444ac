package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.timelimit.TimeLimiter;
import dev.nines.core.timelimit.TimeLimiterConfig;
import dev.nines.core.timelimit.TimeLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TimeLimiterMetricsTest {

    @Test
    void countsSuccessfulFailedAndTimedOutCalls() {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        ManualScheduler scheduler = ManualScheduler.of(time);
        TimeLimiterRegistry registry = TimeLimiterRegistry.of(TimeLimiterConfig.ofDefaults(), time);
        TimeLimiter limiter = registry.timeLimiter("quotes");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TimeLimiterMetrics.of(registry).bindTo(meters);

        limiter.executeCompletionStage(scheduler, () -> CompletableFuture.completedFuture("ok"));
        limiter.<String>executeCompletionStage(
                scheduler, () -> CompletableFuture.failedFuture(new IllegalStateException()));
        limiter.executeCompletionStage(scheduler, CompletableFuture::new);
        limiter.executeCompletionStage(scheduler, CompletableFuture::new);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(count(meters, "successful")).isEqualTo(1.0);
        assertThat(count(meters, "failed")).isEqualTo(1.0);
        assertThat(count(meters, "timeout")).isEqualTo(2.0);
    }

    @Test
    void bindsASingleTimeLimiter() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TimeLimiterMetrics.of(
                        TimeLimiter.of("quotes", TimeLimiterConfig.ofDefaults(), ManualTimeSource.at(Instant.EPOCH)))
                .bindTo(meters);

        assertThat(count(meters, "timeout")).isZero();
    }

    private static double count(SimpleMeterRegistry meters, String kind) {
        return meters.get("nines.timelimiter.calls")
                .tag("name", "quotes")
                .tag("kind", kind)
                .functionCounter()
                .count();
    }
}
