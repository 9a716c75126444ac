package dev.nines.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class HysteresisTest {

    private static HealthResult result(HealthStatus status, int index) {
        return HealthResult.builder(status).detail("index", index).build();
    }

    private static List<HealthStatus> offerAll(Hysteresis hysteresis, HealthStatus... statuses) {
        List<HealthStatus> reported = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            HealthResult out = hysteresis.offer(result(statuses[i], i));
            reported.add(out == null ? null : out.status());
        }
        return reported;
    }

    @Test
    void ofRejectsThresholdsBelowOneNamingTheField() {
        assertThatThrownBy(() -> Hysteresis.of(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureThreshold must be at least 1, was 0");
        assertThatThrownBy(() -> Hysteresis.of(1, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("successThreshold must be at least 1, was -2");
    }

    @Test
    void ofAppliesTheGivenThresholdsAndRejectsNull() {
        Hysteresis hysteresis = Hysteresis.of(3, 2);
        assertThat(hysteresis.threshold(false)).isEqualTo(3);
        assertThat(hysteresis.threshold(true)).isEqualTo(2);
        assertThat(offerAll(hysteresis, HealthStatus.UP, HealthStatus.UP)).containsExactly(null, HealthStatus.UP);
        assertThat(hysteresis.run()).isEqualTo(2);
        assertThatThrownBy(() -> hysteresis.offer(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("raw");
    }

    @Test
    void reportsFailureOnlyAfterFailureThresholdConsecutiveFailures() {
        // Kubernetes failureThreshold=3: the probe is failed after the third consecutive failure.
        Hysteresis hysteresis = new Hysteresis(3, 1);
        assertThat(offerAll(hysteresis, HealthStatus.UP, HealthStatus.DOWN, HealthStatus.DOWN, HealthStatus.DOWN))
                .containsExactly(HealthStatus.UP, HealthStatus.UP, HealthStatus.UP, HealthStatus.DOWN);
    }

    @Test
    void aSuccessResetsTheFailureRun() {
        Hysteresis hysteresis = new Hysteresis(3, 1);
        assertThat(offerAll(
                        hysteresis,
                        HealthStatus.UP,
                        HealthStatus.DOWN,
                        HealthStatus.DOWN,
                        HealthStatus.UP,
                        HealthStatus.DOWN,
                        HealthStatus.DOWN))
                .containsExactly(
                        HealthStatus.UP,
                        HealthStatus.UP,
                        HealthStatus.UP,
                        HealthStatus.UP,
                        HealthStatus.UP,
                        HealthStatus.UP);
    }

    @Test
    void recoversOnlyAfterSuccessThresholdConsecutiveSuccesses() {
        Hysteresis hysteresis = new Hysteresis(1, 2);
        assertThat(offerAll(
                        hysteresis,
                        HealthStatus.DOWN,
                        HealthStatus.UP,
                        HealthStatus.DOWN,
                        HealthStatus.UP,
                        HealthStatus.DEGRADED))
                .containsExactly(
                        HealthStatus.DOWN,
                        HealthStatus.DOWN,
                        HealthStatus.DOWN,
                        HealthStatus.DOWN,
                        HealthStatus.DEGRADED);
    }

    @Test
    void hasNoVerdictUntilTheFirstRunReachesItsThreshold() {
        Hysteresis hysteresis = new Hysteresis(2, 2);
        assertThat(offerAll(hysteresis, HealthStatus.UP, HealthStatus.DOWN, HealthStatus.DOWN))
                .containsExactly(null, null, HealthStatus.DOWN);
    }

    @Test
    void aResultOfTheReportedKindReplacesTheReportedResultAtOnce() {
        Hysteresis hysteresis = new Hysteresis(3, 3);
        offerAll(hysteresis, HealthStatus.DOWN, HealthStatus.DOWN, HealthStatus.DOWN);
        assertThat(hysteresis.offer(result(HealthStatus.OUT_OF_SERVICE, 9)).status())
                .isEqualTo(HealthStatus.OUT_OF_SERVICE);
        assertThat(hysteresis.offer(result(HealthStatus.UNKNOWN, 10)).status()).isEqualTo(HealthStatus.UNKNOWN);
    }

    /**
     * Reference model, declarative: the verdict is set by the latest position whose run (ending
     * there) is as long as its kind's threshold; the reported result is the latest result of the
     * verdict's kind.
     */
    private static HealthResult reference(List<HealthResult> history, int failureThreshold, int successThreshold) {
        int verdictIndex = -1;
        for (int i = history.size() - 1; i >= 0 && verdictIndex < 0; i--) {
            boolean kind = history.get(i).status().isHealthy();
            int threshold = kind ? successThreshold : failureThreshold;
            if (i + 1 >= threshold) {
                boolean all = true;
                for (int j = i - threshold + 1; j <= i; j++) {
                    all &= history.get(j).status().isHealthy() == kind;
                }
                if (all) {
                    verdictIndex = i;
                }
            }
        }
        if (verdictIndex < 0) {
            return null;
        }
        boolean kind = history.get(verdictIndex).status().isHealthy();
        for (int i = history.size() - 1; ; i--) {
            if (history.get(i).status().isHealthy() == kind) {
                return history.get(i);
            }
        }
    }

    @Property(tries = 1000)
    void matchesTheReferenceModelAfterEveryResult(
            @ForAll @Size(max = 40) List<HealthStatus> statuses,
            @ForAll @IntRange(min = 1, max = 5) int failureThreshold,
            @ForAll @IntRange(min = 1, max = 5) int successThreshold) {
        Hysteresis hysteresis = new Hysteresis(failureThreshold, successThreshold);
        List<HealthResult> history = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            HealthResult raw = result(statuses.get(i), i);
            history.add(raw);
            assertThat(hysteresis.offer(raw)).isSameAs(reference(history, failureThreshold, successThreshold));
        }
    }

    @Property(tries = 1000)
    void withThresholdsOfOneReportsEveryResultAsIs(@ForAll @Size(max = 20) List<HealthStatus> statuses) {
        Hysteresis hysteresis = new Hysteresis(1, 1);
        for (int i = 0; i < statuses.size(); i++) {
            HealthResult raw = result(statuses.get(i), i);
            assertThat(hysteresis.offer(raw)).isSameAs(raw);
        }
    }
}
