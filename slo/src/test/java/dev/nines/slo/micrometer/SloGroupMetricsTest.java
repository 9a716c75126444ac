package dev.nines.slo.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloGroup;
import dev.nines.slo.SloWindow;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SloGroupMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Slo slo = Slo.builder("checkout")
            .objective(0.999)
            .window(SloWindow.rolling(Duration.ofDays(30)))
            .build();

    private double events(String route, String kind) {
        return meters.get("nines.slo.events")
                .tag("slo", "checkout")
                .tag("route", route)
                .tag("kind", kind)
                .functionCounter()
                .count();
    }

    @Test
    void everyMemberExportsItsCountersTaggedWithTheLabelIncludingMembersCreatedAfterBinding() {
        SloGroup group = SloGroup.create(slo, "route", 3, time);
        group.tracker("/pay").record(10, 1);
        SloGroupMetrics.of(group).bindTo(meters);

        group.tracker("/cart").record(5, 0);
        group.tracker("/pay").recordBad();

        assertThat(events("/pay", "good")).isEqualTo(10);
        assertThat(events("/pay", "bad")).isEqualTo(2);
        assertThat(events("/cart", "good")).isEqualTo(5);
        assertThat(meters.get("nines.slo.burn.rate")
                        .tag("route", "/cart")
                        .tag("window", "1h")
                        .gauge()
                        .value())
                .isZero();
        assertThat(meters.scrape())
                .contains("nines_slo_events_total{kind=\"bad\",route=\"/pay\",slo=\"checkout\"} 2.0");
    }

    @Test
    void theMeterCountStaysBoundedPastTheBoundAndTheOverflowIsCounted() {
        SloGroup group = SloGroup.create(slo, "route", 3, time);
        SloGroupMetrics.of(group).bindTo(meters);

        for (int i = 0; i < 1_000; i++) {
            group.tracker("/item/" + i).recordGood();
        }

        Set<String> routes = meters.getMeters().stream()
                .map(m -> m.getId().getTag("route"))
                .filter(r -> r != null)
                .collect(Collectors.toSet());
        assertThat(routes).containsExactlyInAnyOrder("/item/0", "/item/1", "/item/2", SloGroup.OVERFLOW);
        long perMember = meters.getMeters().stream()
                .filter(m -> "/item/0".equals(m.getId().getTag("route")))
                .count();
        assertThat(meters.getMeters()).hasSize((int) (4 * perMember + 2));
        assertThat(events(SloGroup.OVERFLOW, "good")).isEqualTo(997);
        assertThat(meters.get("nines.slo.group.overflow").functionCounter().count())
                .isEqualTo(997);
        assertThat(meters.get("nines.slo.group.members").gauge().value()).isEqualTo(4);
        assertThat(meters.getMeters())
                .extracting(Meter::getId)
                .allSatisfy(id -> assertThat(id.getTag("slo")).isEqualTo("checkout"));
    }

    @Test
    void closingStopsFollowingTheGroupAndRemovesEveryMeterBindingTwiceBindsOnce() {
        SloGroup group = SloGroup.create(slo, "route", 3, time);
        group.tracker("/pay").record(10, 1);
        SloGroupMetrics metrics = SloGroupMetrics.of(group);
        metrics.bindTo(meters);
        int once = meters.getMeters().size();
        metrics.bindTo(meters);
        assertThat(meters.getMeters()).hasSize(once);

        metrics.close();
        assertThat(meters.getMeters()).isEmpty();
        group.tracker("/cart").record(5, 0); // a new member after close: no meters
        assertThat(meters.getMeters()).isEmpty();
        assertThat(metrics.unbindFrom(meters)).isFalse();
    }
}
