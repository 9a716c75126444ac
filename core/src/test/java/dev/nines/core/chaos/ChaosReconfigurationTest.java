package dev.nines.core.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.testing.WhileReconfiguring;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of a {@link ChaosPolicy}: what a change keeps, what it switches, what it refuses. */
class ChaosReconfigurationTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
    private final List<ChaosEvent> events = new ArrayList<>();

    private ChaosPolicy policy(ChaosConfig config) {
        ChaosPolicy policy = ChaosPolicy.of("payments", config, time, time::advanceNanos);
        policy.onEvent(events::add);
        return policy;
    }

    private static ChaosConfig outcome(String value, double ratio) {
        return ChaosConfig.builder().outcome(() -> value).injectionRatio(ratio).build();
    }

    @Test
    void aDecoratorBuiltBeforeTheChangeInjectsWhatTheNewConfigurationSays() {
        ChaosConfig never = outcome("injected", 0);
        ChaosPolicy chaos = policy(never);
        Supplier<String> decorated = chaos.decorateSupplier(() -> "real");
        assertThat(decorated.get()).isEqualTo("real");
        ChaosConfig always = outcome("injected", 1);

        assertThat(chaos.reconfigure(always)).isSameAs(never);

        assertThat(decorated.get()).isEqualTo("injected");
        assertThat(chaos.config()).isSameAs(always);
        assertThat(chaos.configurationChanges()).isOne();
        assertThat(events.get(0)).isEqualTo(new ChaosEvent.ConfigurationChanged("payments", never, always));
        assertThat(events.get(0).injected())
                .as("a reconfiguration is not an injection")
                .isFalse();
        assertThat(chaos.metrics().numberOfInjections()).isOne();
    }

    @Test
    void anUnchangedEnabledKeepsTheSwitchAndTheGuardOfAnExperimentInProgress() {
        ChaosPolicy chaos = policy(
                ChaosConfig.builder().fault().injectionRatio(1).enabled(false).build());
        AtomicLong grants = new AtomicLong(1);
        chaos.enable(() -> grants.getAndDecrement() > 0);

        chaos.reconfigure(chaos.config().toBuilder().injectionRatio(0.5).build());

        assertThat(chaos.isEnabled()).isTrue();
        assertThat(chaos.isGuarded())
                .as("the experiment's guard is still asked")
                .isTrue();
        assertThat(events)
                .as("one switch by the experiment, then the change, and no switch by it")
                .hasSize(2)
                .last()
                .isInstanceOf(ChaosEvent.ConfigurationChanged.class);
    }

    @Test
    void aChangedEnabledSwitchesThePolicyAndSaysSoAfterTheChange() {
        ChaosConfig on = ChaosConfig.builder().fault().injectionRatio(1).build();
        ChaosPolicy chaos = policy(on);
        chaos.enable(() -> true);
        events.clear();
        ChaosConfig off = on.toBuilder().enabled(false).build();

        chaos.reconfigure(off);

        assertThat(chaos.isEnabled()).isFalse();
        assertThat(chaos.isGuarded()).isFalse();
        assertThat(events)
                .containsExactly(
                        new ChaosEvent.ConfigurationChanged("payments", on, off),
                        new ChaosEvent.Switched("payments", false, false));
        assertThat(chaos.executeSupplier(() -> "real")).isEqualTo("real");

        chaos.reconfigure(on);
        assertThat(chaos.isEnabled()).isTrue();
        assertThat(chaos.isGuarded()).isFalse();
        assertThatThrownBy(() -> chaos.executeSupplier(() -> "real")).isInstanceOf(InjectedFaultException.class);
    }

    @Test
    void anotherKindIsRefusedNamingTheFieldAndTheValueAndTheOldConfigurationStays() {
        ChaosConfig faults = ChaosConfig.builder().fault().injectionRatio(1).build();
        ChaosPolicy chaos = policy(faults);

        assertThatThrownBy(() -> chaos.reconfigure(
                        ChaosConfig.builder().latency(Duration.ofMillis(5)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind")
                .hasMessageContaining("FAULT")
                .hasMessageContaining("LATENCY");

        assertThat(chaos.config()).isSameAs(faults);
        assertThat(chaos.configurationChanges()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void aNewLatencyAppliesToTheNextCall() {
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .latency(Duration.ofMillis(5))
                .injectionRatio(1)
                .build());
        chaos.executeRunnable(() -> {});
        chaos.reconfigure(
                chaos.config().toBuilder().latency(Duration.ofMillis(20)).build());
        chaos.executeRunnable(() -> {});

        assertThat(chaos.metrics().injectedLatencyNanos())
                .isEqualTo(Duration.ofMillis(25).toNanos());
        assertThat(time.nanoTime()).isEqualTo(Duration.ofMillis(25).toNanos());
    }

    @Test
    void theRegistryReconfiguresByNameAndItsListenersHearIt() {
        ChaosRegistry registry =
                ChaosRegistry.of(ChaosConfig.builder().fault().enabled(false).build(), time, time::advanceNanos);
        ChaosPolicy held = registry.chaosPolicy("payments");
        List<ChaosEvent> heard = new ArrayList<>();
        registry.onEvent(heard::add);
        ChaosConfig next = held.config().toBuilder().injectionRatio(0.2).build();

        registry.reconfigure("payments", next);

        assertThat(held.config()).isSameAs(next);
        assertThat(heard).singleElement().isInstanceOf(ChaosEvent.ConfigurationChanged.class);
        assertThatThrownBy(() -> held.reconfigure(null)).isInstanceOf(NullPointerException.class);
    }

    /**
     * Calls run while the configuration flips between injecting every call and none: every call is
     * either real or injected, and every injection is counted and announced exactly once.
     */
    @Property(tries = 10)
    void aReconfigurationNeverLosesARecordedOutcome(
            @ForAll @IntRange(min = 2, max = 3) int callers, @ForAll @IntRange(min = 200, max = 2_000) int perCaller)
            throws InterruptedException {
        ChaosConfig always = outcome("injected", 1);
        ChaosConfig never = outcome("injected", 0);
        ChaosPolicy chaos = ChaosPolicy.of("stress", always, ManualTimeSource.at(Instant.EPOCH));
        LongAdder announced = new LongAdder();
        chaos.onEvent(event -> {
            if (event.injected()) {
                announced.increment();
            }
        });
        LongAdder injected = new LongAdder();
        LongAdder real = new LongAdder();
        boolean[] flip = {false};
        WhileReconfiguring.run(
                callers,
                perCaller,
                () -> {
                    if (chaos.executeSupplier(() -> "real").equals("injected")) {
                        injected.increment();
                    } else {
                        real.increment();
                    }
                },
                () -> {
                    chaos.reconfigure(flip[0] ? always : never);
                    flip[0] = !flip[0];
                });

        assertThat(injected.sum() + real.sum()).isEqualTo((long) callers * perCaller);
        assertThat(chaos.metrics().numberOfInjections()).isEqualTo(injected.sum());
        assertThat(announced.sum()).isEqualTo(injected.sum());
        assertThat(chaos.isEnabled()).as("the flips never touched `enabled`").isTrue();
    }
}
