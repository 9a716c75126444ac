package dev.nines.failover;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.client.EndpointRouter;
import dev.nines.failover.client.FailbackPolicy;
import dev.nines.failover.client.ReconnectBackoff;
import dev.nines.failover.lease.LeaseConfig;
import dev.nines.failover.rollback.ErrorRateRule;
import dev.nines.failover.runbook.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every builder and factory of failover that takes a {@link Duration} rejects one too long for a
 * {@code long} of nanoseconds with an {@link IllegalArgumentException} naming the field.
 */
class DurationArgumentsTest {

    static Stream<Arguments> durationTakers() {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        Duration s = Duration.ofSeconds(1);
        return Stream.of(
                taker(
                        "FailoverConfig.rpoLimitTime",
                        "rpoLimitTime",
                        d -> FailoverConfig.builder().rpoLimitTime(d)),
                taker(
                        "FailoverConfig.antiFlappingWindow",
                        "antiFlappingWindow",
                        d -> FailoverConfig.builder().antiFlappingWindow(d)),
                taker(
                        "FailoverConfig.recoveryGrace",
                        "recoveryGrace",
                        d -> FailoverConfig.builder().recoveryGrace(d)),
                taker("LeaseConfig.ttl", "ttl", d -> LeaseConfig.builder().ttl(d)),
                taker(
                        "LeaseConfig.renewInterval",
                        "renewInterval",
                        d -> LeaseConfig.builder().renewInterval(d)),
                taker(
                        "LeaseConfig.retryBudget",
                        "retryBudget",
                        d -> LeaseConfig.builder().retryBudget(d)),
                taker(
                        "LeaseConfig.retryInterval",
                        "retryInterval",
                        d -> LeaseConfig.builder().retryInterval(d)),
                taker("Lag.time", "behind", Lag::time),
                taker("ErrorRateRule.of", "window", d -> ErrorRateRule.of(0.05, d, 10)),
                taker(
                        "Step.withTimeout",
                        "timeout",
                        d -> Step.of("drain", () -> null).withTimeout(d)),
                taker("FailbackPolicy.periodic", "interval", FailbackPolicy::periodic),
                taker(
                        "FailbackPolicy.withGrace",
                        "grace",
                        d -> FailbackPolicy.periodic(s).withGrace(d)),
                taker("ReconnectBackoff.fullJitter base", "base", d -> ReconnectBackoff.fullJitter(d, s)),
                taker("ReconnectBackoff.fullJitter cap", "cap", d -> ReconnectBackoff.fullJitter(s, d)),
                taker(
                        "EndpointRouter.Builder.retryRhythm base",
                        "base",
                        d -> EndpointRouter.builder("db", time).retryRhythm(d, s)),
                taker(
                        "EndpointRouter.Builder.retryRhythm max",
                        "max",
                        d -> EndpointRouter.builder("db", time).retryRhythm(s, d)),
                taker(
                        "EndpointRouter.Builder.failoverSpacing",
                        "failoverSpacing",
                        d -> EndpointRouter.builder("db", time).failoverSpacing(d)));
    }

    private static Arguments taker(String name, String field, Consumer<Duration> taker) {
        return Arguments.of(name, field, taker);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durationTakers")
    void rejectsADurationTooLongForNanosecondsNamingTheField(String name, String field, Consumer<Duration> taker) {
        for (Duration d : new Duration[] {
            Duration.ofSeconds(Long.MAX_VALUE), Duration.ofNanos(Long.MAX_VALUE).plusNanos(1)
        }) {
            assertThatThrownBy(() -> taker.accept(d))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(field);
        }
    }
}
