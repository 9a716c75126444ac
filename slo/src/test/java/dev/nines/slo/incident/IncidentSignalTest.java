package dev.nines.slo.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentSignalTest {

    static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void unsetSinceConditionAndEventDefaultToAtTheKindAndADescription() {
        IncidentSignal signal = IncidentSignal.builder(
                        IncidentSignal.Kind.HUMAN, IncidentSignal.Effect.FAILING, "payments", T0)
                .build();
        assertThat(signal.since()).isEqualTo(T0);
        assertThat(signal.condition()).isEqualTo("human");
        assertThat(signal.event()).isEqualTo("HUMAN FAILING payments");
    }

    @Test
    void blankComponentIsRejectedWhenTheBuilderIsCreated() {
        assertThatThrownBy(
                        () -> IncidentSignal.builder(IncidentSignal.Kind.HUMAN, IncidentSignal.Effect.FAILING, " ", T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("component must not be blank, was \" \"");
    }

    @Test
    void blankOrNullConditionIsRejectedWhenSetNamingTheField() {
        IncidentSignal.Builder builder =
                IncidentSignal.builder(IncidentSignal.Kind.HUMAN, IncidentSignal.Effect.FAILING, "payments", T0);
        assertThatThrownBy(() -> builder.condition(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("condition must not be blank, was \"\"");
        assertThatThrownBy(() -> builder.condition(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("condition");
        assertThat(builder.build().condition()).isEqualTo("human");
    }
}
