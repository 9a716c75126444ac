package dev.nines.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthEventTest {

    private static String describe(HealthEvent event) {
        // Exhaustive without a default: adding an event type breaks this switch until it is handled.
        if (event instanceof HealthEvent.CheckRegistered || event instanceof HealthEvent.CheckUnregistered) {
            return "registration of " + event.name();
        }
        if (event instanceof HealthEvent.CheckCompleted completed) {
            return event.name() + " ran: " + completed.result().status();
        }
        if (event instanceof HealthEvent.CheckStatusChanged changed) {
            return event.name() + " " + changed.from() + ">" + changed.to();
        }
        if (event instanceof HealthEvent.GroupStatusChanged changed) {
            return "group " + event.name() + " " + changed.from() + ">" + changed.to();
        }
        HealthEvent.SyntheticOutcome outcome = (HealthEvent.SyntheticOutcome) event;
        return outcome.name() + (outcome.success() ? " ok in " : " failed in ") + outcome.latency();
    }

    @Test
    void everyEventNamesItsCheckOrGroup() {
        HealthResult up = HealthResult.up();
        assertThat(describe(new HealthEvent.CheckRegistered("db", HealthCheckConfig.ofDefaults())))
                .isEqualTo("registration of db");
        assertThat(describe(new HealthEvent.CheckUnregistered("db"))).isEqualTo("registration of db");
        assertThat(describe(new HealthEvent.CheckCompleted("db", up, HealthStatus.UP)))
                .isEqualTo("db ran: UP");
        assertThat(describe(new HealthEvent.CheckStatusChanged("db", HealthStatus.UNKNOWN, HealthStatus.UP, up)))
                .isEqualTo("db UNKNOWN>UP");
        assertThat(describe(new HealthEvent.GroupStatusChanged(
                        "readiness", HealthStatus.UP, HealthStatus.DOWN, Instant.EPOCH)))
                .isEqualTo("group readiness UP>DOWN");
        assertThat(describe(new HealthEvent.SyntheticOutcome(
                        "checkout", true, Duration.ofMillis(5), Instant.EPOCH, Optional.empty())))
                .isEqualTo("checkout ok in PT0.005S");
    }

    @Test
    void rejectsNullComponents() {
        assertThatThrownBy(() -> new HealthEvent.CheckCompleted("db", null, HealthStatus.UP))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("result");
        assertThatThrownBy(() -> new HealthEvent.SyntheticOutcome("x", true, Duration.ZERO, Instant.EPOCH, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("failure");
    }
}
