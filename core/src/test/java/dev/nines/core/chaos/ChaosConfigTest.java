package dev.nines.core.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ChaosConfigTest {

    @Test
    void defaultsArePollysOneCallInAThousandEnabledForEveryCall() {
        ChaosConfig config = ChaosConfig.builder().fault().build();

        assertThat(config.kind()).isEqualTo(ChaosKind.FAULT);
        assertThat(config.injectionRatio()).isEqualTo(0.001);
        assertThat(config.enabled()).isTrue();
        assertThat(config.scope().getAsBoolean()).isTrue();
        assertThat(config.fault()).isEmpty();
        double random = config.randomSource().getAsDouble();
        assertThat(random).isBetween(0.0, 1.0).isLessThan(1.0);
        assertThat(config).hasToString("ChaosConfig[kind=FAULT, injectionRatio=0.001, enabled=true]");
    }

    @Test
    void theLastInjectionSetWinsAndClearsTheOthers() {
        Supplier<IOException> fault = () -> new IOException("injected");
        ChaosConfig latency = ChaosConfig.builder()
                .fault(fault)
                .latency(Duration.ofMillis(250))
                .build();

        assertThat(latency.kind()).isEqualTo(ChaosKind.LATENCY);
        assertThat(latency.latency()).isEqualTo(Duration.ofMillis(250));
        assertThat(latency.fault()).isEmpty();
        assertThat(latency)
                .hasToString("ChaosConfig[kind=LATENCY, latency=PT0.25S, injectionRatio=0.001, enabled=true]");

        ChaosConfig outcome = latency.toBuilder().outcome(() -> "made up").build();
        assertThat(outcome.kind()).isEqualTo(ChaosKind.OUTCOME);
        assertThat(outcome.latency()).isZero();
        assertThat(outcome.outcome().orElseThrow().get()).isEqualTo("made up");

        Runnable action = () -> {};
        ChaosConfig behavior = outcome.toBuilder().behavior(action).build();
        assertThat(behavior.kind()).isEqualTo(ChaosKind.BEHAVIOR);
        assertThat(behavior.behavior()).containsSame(action);
        assertThat(behavior.outcome()).isEmpty();
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ChaosConfig config = ChaosConfig.builder()
                .fault(() -> new IllegalStateException("x"))
                .injectionRatio(0.25)
                .enabled(false)
                .scope(() -> false)
                .randomSource(() -> 0.5)
                .build();

        ChaosConfig copy = config.toBuilder().build();

        assertThat(copy.kind()).isEqualTo(ChaosKind.FAULT);
        assertThat(copy.fault()).isEqualTo(config.fault());
        assertThat(copy.injectionRatio()).isEqualTo(0.25);
        assertThat(copy.enabled()).isFalse();
        assertThat(copy.scope()).isSameAs(config.scope());
        assertThat(copy.randomSource()).isSameAs(config.randomSource());
        assertThat(copy).hasToString("ChaosConfig[kind=FAULT, injectionRatio=0.25, enabled=false, scoped]");
    }

    @Test
    void badValuesAreRefusedNamingTheFieldAndTheValue() {
        ChaosConfig.Builder builder = ChaosConfig.builder();

        assertThatThrownBy(() -> builder.injectionRatio(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("injectionRatio must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> builder.injectionRatio(-0.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("injectionRatio must be in [0, 1], was -0.01");
        assertThatThrownBy(() -> builder.injectionRatio(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("injectionRatio must be in [0, 1], was NaN");
        assertThatThrownBy(() -> builder.latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency must not be negative, was PT-0.001S");
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("injection must be set with fault, outcome, latency or behavior, was none");
        assertThatThrownBy(() -> builder.fault(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("fault");
        assertThatThrownBy(() -> builder.scope(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("scope");
        assertThatThrownBy(() -> builder.randomSource(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("randomSource");
    }

    @Test
    void eachKindHasALowerCaseTag() {
        assertThat(ChaosKind.FAULT.tag()).isEqualTo("fault");
        assertThat(ChaosKind.OUTCOME.tag()).isEqualTo("outcome");
        assertThat(ChaosKind.LATENCY.tag()).isEqualTo("latency");
        assertThat(ChaosKind.BEHAVIOR.tag()).isEqualTo("behavior");
    }
}
