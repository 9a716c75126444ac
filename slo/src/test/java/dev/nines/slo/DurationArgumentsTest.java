package dev.nines.slo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.slo.alert.BurnRateRule;
import dev.nines.slo.alert.Severity;
import dev.nines.slo.exclusion.WeeklyMaintenance;
import dev.nines.slo.sla.Sla;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every builder and factory of slo that takes a {@link Duration} rejects one too long for a
 * {@code long} of nanoseconds with an {@link IllegalArgumentException} naming the field (a latency
 * SLI's threshold threw a bare {@link ArithmeticException} when its tracker was created).
 */
class DurationArgumentsTest {

    static Stream<Arguments> durationTakers() {
        Duration h = Duration.ofHours(1);
        return Stream.of(
                taker("Sli.latency", "threshold", Sli::latency),
                taker("SloWindow.rolling", "window", SloWindow::rolling),
                taker("Budgeting.timeslices", "sliceLength", d -> Budgeting.timeslices(d, 0.99)),
                taker("BurnRateRule.of longWindow", "longWindow", d -> BurnRateRule.of("r", Severity.PAGE, 0.02, d, h)),
                taker(
                        "BurnRateRule.of shortWindow",
                        "shortWindow",
                        d -> BurnRateRule.of("r", Severity.PAGE, 0.02, Duration.ofDays(1), d)),
                taker(
                        "BurnRateRule.withPendingFor",
                        "pendingFor",
                        d -> BurnRateRule.of("r", Severity.PAGE, 0.02, Duration.ofDays(1), h)
                                .withPendingFor(d)),
                taker(
                        "WeeklyMaintenance.of",
                        "length",
                        d -> WeeklyMaintenance.of(DayOfWeek.SUNDAY, LocalTime.NOON, d, ZoneOffset.UTC, "patching")),
                taker(
                        "Sla.Builder.maintenanceNotice",
                        "maintenanceNotice",
                        d -> Sla.builder("gold").maintenanceNotice(d)));
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
