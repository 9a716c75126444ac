package dev.nines.core.adaptivelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of an adaptive limiter: the limit is kept within the new bounds. */
class AdaptiveLimiterReconfigurationTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    private static AdaptiveLimiterConfig bounds(int min, int initial, int max) {
        return AdaptiveLimiterConfig.builder()
                .minLimit(min)
                .initialLimit(initial)
                .maxLimit(max)
                .build();
    }

    @Test
    void theLimitIsKeptWhenInsideTheNewBounds() {
        AdaptiveLimiter limiter = AdaptiveLimiter.of("db", bounds(1, 20, 200), time);

        limiter.reconfigure(bounds(5, 50, 100));

        assertThat(limiter.limit()).as("initialLimit is for new limiters").isEqualTo(20);
        assertThat(limiter.config().maxLimit()).isEqualTo(100);
    }

    @Test
    void theLimitMovesIntoNewBoundsAndSaysSo() {
        AdaptiveLimiter limiter = AdaptiveLimiter.of("db", bounds(1, 20, 200), time);
        List<AdaptiveLimiterEvent> events = new ArrayList<>();
        limiter.onEvent(events::add);

        limiter.reconfigure(bounds(1, 5, 10));

        assertThat(limiter.limit()).isEqualTo(10);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(AdaptiveLimiterEvent.ConfigurationChanged.class);
        assertThat(events.get(1)).isInstanceOfSatisfying(AdaptiveLimiterEvent.LimitChanged.class, e -> {
            assertThat(e.oldLimit()).isEqualTo(20);
            assertThat(e.newLimit()).isEqualTo(10);
        });
    }

    @Test
    void callsInFlightReportTheirEndAfterTheChange() {
        AdaptiveLimiter limiter = AdaptiveLimiter.of("db", bounds(1, 2, 2), time);
        AdaptiveLimiter.Permit first = limiter.tryAcquirePermission();
        AdaptiveLimiter.Permit second = limiter.tryAcquirePermission();

        limiter.reconfigure(bounds(1, 1, 1));

        assertThat(limiter.inflight()).isEqualTo(2);
        assertThat(limiter.tryAcquirePermission().isAcquired()).isFalse();
        first.onIgnore();
        second.onIgnore();
        assertThat(limiter.inflight()).isZero();
        assertThat(limiter.tryAcquirePermission().isAcquired()).isTrue();
        assertThat(limiter.configurationChanges()).isOne();
    }
}
