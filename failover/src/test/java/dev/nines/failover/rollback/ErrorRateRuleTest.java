package dev.nines.failover.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ErrorRateRuleTest {

    private final ErrorRateRule rule = ErrorRateRule.of(0.10, Duration.ofSeconds(60), 100);

    @Test
    void firesOnTwelvePercentErrorsOverAThousandRequests() {
        assertThat(rule.firesOn(1_000, 120)).isTrue();
    }

    @Test
    void doesNotFireOnFiftyRequestsWhateverTheirErrors() {
        assertThat(rule.firesOn(50, 6)).isFalse();
        assertThat(rule.firesOn(50, 50)).isFalse();
    }

    @Test
    void doesNotFireAtExactlyTheMaximumRatio() {
        assertThat(rule.firesOn(1_000, 100)).isFalse();
        assertThat(rule.firesOn(1_000, 101)).isTrue();
    }

    @Test
    void rejectsOutOfRangeFieldsNamingThem() {
        assertThatThrownBy(() -> ErrorRateRule.of(1.0, Duration.ofSeconds(1), 1))
                .hasMessage("maxErrorRatio must be in (0, 1), was 1.0");
        assertThatThrownBy(() -> ErrorRateRule.of(0.1, Duration.ZERO, 1))
                .hasMessage("window must be positive, was PT0S");
        assertThatThrownBy(() -> ErrorRateRule.of(0.1, Duration.ofSeconds(1), 0))
                .hasMessage("minimumRequests must be at least 1, was 0");
        assertThat(rule).hasToString("error ratio > 0.1 over PT1M with at least 100 requests");
    }

    @Property(tries = 500)
    void neverFiresBelowTheVolumeMinimum(
            @ForAll @LongRange(min = 0, max = 99) long requests, @ForAll @LongRange(min = 0, max = 99) long errors) {
        assertThat(rule.firesOn(requests, Math.min(errors, requests))).isFalse();
    }
}
