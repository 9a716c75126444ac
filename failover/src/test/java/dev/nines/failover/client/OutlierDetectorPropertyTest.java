package dev.nines.failover.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.event.EventListeners;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the outlier detector as a state machine: the cap on ejections, and the ejection time
 * growing with repeated ejections and decaying while the endpoint stays healthy.
 */
class OutlierDetectorPropertyTest {

    private static final Duration BASE = Duration.ofSeconds(10);

    /** One step: kind 0 fails a run on endpoint i, 1 succeeds on it, 2 advances the clock i seconds, 3 analyses. */
    record Step(int kind, int i) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 40))
                .as(Step::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(120);
    }

    private static OutlierDetector detector(ManualTimeSource time, OutlierDetection config, int endpoints) {
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            list.add(Endpoint.of("e" + i));
        }
        return new OutlierDetector("pool", config, time, EventListeners.create("test"), list);
    }

    private static int ejected(OutlierDetector detector, int endpoints) {
        int n = 0;
        for (int i = 0; i < endpoints; i++) {
            if (detector.tracker(i).isEjected()) {
                n++;
            }
        }
        return n;
    }

    @Property(tries = 300)
    void ejectionsNeverExceedTheCap(
            @ForAll @IntRange(min = 1, max = 12) int endpoints,
            @ForAll @DoubleRange(min = 0.01, max = 1) double ratio,
            @ForAll @IntRange(min = 1, max = 3) int run,
            @ForAll("steps") List<Step> steps) {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        OutlierDetection config = OutlierDetection.builder()
                .maxEjectionRatio(ratio)
                .consecutiveFailures(run)
                .baseEjectionTime(BASE)
                .successRateMinimumEndpoints(2)
                .successRateRequestVolume(1)
                .successRateStdevFactor(0.1)
                .failurePercentageEnabled(true)
                .failurePercentageMinimumEndpoints(1)
                .failurePercentageRequestVolume(1)
                .failurePercentageThreshold(10)
                .build();
        OutlierDetector detector = detector(time, config, endpoints);
        int cap = config.maxEjectedEndpoints(endpoints);
        assertThat(cap).isBetween(1, endpoints);
        for (Step step : steps) {
            OutlierDetector.Tracker tracker = detector.tracker(step.i() % endpoints);
            switch (step.kind()) {
                case 0 -> {
                    for (int k = 0; k < run; k++) {
                        tracker.onError(1_000, new IllegalStateException("500"), time.nanoTime());
                    }
                }
                case 1 -> tracker.onSuccess(1_000);
                case 2 -> time.advance(Duration.ofSeconds(step.i()));
                default -> detector.analyze();
            }
            assertThat(ejected(detector, endpoints)).isLessThanOrEqualTo(cap);
            assertThat(detector.metrics().ejectedEndpoints()).isLessThanOrEqualTo(cap);
        }
    }

    /**
     * The ejection time is {@code min(base * n, max)}: n grows by one per ejection (up to where the
     * product reaches the maximum) and falls by one per analysis after a whole healthy interval. The
     * model below is that rule; the detector must agree with it after every step.
     */
    @Property(tries = 400)
    void ejectionTimeGrowsWithEjectionsAndDecaysWhileHealthy(
            @ForAll @IntRange(min = 1, max = 10) int maxInBases, @ForAll("steps") List<Step> steps) {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        Duration max = BASE.multipliedBy(maxInBases).plusSeconds(maxInBases % 3); // not always a multiple
        OutlierDetection config = OutlierDetection.builder()
                .successRateEnabled(false)
                .consecutiveFailures(1)
                .baseEjectionTime(BASE)
                .maxEjectionTime(max)
                .maxEjectionRatio(1)
                .build();
        OutlierDetector detector = detector(time, config, 1);
        OutlierDetector.Tracker tracker = detector.tracker(0);
        long maxMultiplier = (max.toNanos() + BASE.toNanos() - 1) / BASE.toNanos();

        int n = 0;
        boolean ejected = false;
        long ejectedAt = 0;
        boolean ejectedAtLastAnalysis = false;
        boolean ejectedSinceLastAnalysis = false;
        for (Step step : steps) {
            switch (step.kind()) {
                case 0 -> {
                    tracker.onError(1, new IllegalStateException("500"), time.nanoTime());
                    if (!ejected) {
                        ejected = true;
                        n = (int) Math.min(n + 1, maxMultiplier);
                        ejectedAt = time.nanoTime();
                        ejectedSinceLastAnalysis = true;
                    }
                }
                case 1 -> tracker.onSuccess(1);
                case 2 -> time.advance(Duration.ofSeconds(step.i()));
                default -> {
                    detector.analyze();
                    if (ejected) {
                        if (time.nanoTime() - ejectedAt >= Math.min(BASE.toNanos() * n, max.toNanos())) {
                            ejected = false;
                        }
                    } else if (!ejectedAtLastAnalysis && !ejectedSinceLastAnalysis && n > 0) {
                        n--;
                    }
                    ejectedAtLastAnalysis = ejected;
                    ejectedSinceLastAnalysis = false;
                }
            }
            OutlierStatus status = detector.status(0);
            assertThat(status.ejected()).isEqualTo(ejected);
            assertThat(status.ejectionMultiplier()).isEqualTo(n);
            Duration expected = ejected ? BASE.multipliedBy(n) : Duration.ZERO;
            assertThat(status.ejectionTime()).isEqualTo(expected.compareTo(max) > 0 ? max : expected);
            assertThat(status.ejectionTime()).isLessThanOrEqualTo(max);
        }
    }

    @Property(tries = 200)
    void aHealthyEndpointIsForgivenOneStepPerAnalysisUntilTheBaseTimeAgain(
            @ForAll @IntRange(min = 1, max = 8) int ejections, @ForAll @IntRange(min = 0, max = 10) int healthy) {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        OutlierDetection config = OutlierDetection.builder()
                .successRateEnabled(false)
                .consecutiveFailures(1)
                .baseEjectionTime(BASE)
                .maxEjectionTime(BASE.multipliedBy(100))
                .maxEjectionRatio(1)
                .build();
        OutlierDetector detector = detector(time, config, 1);
        OutlierDetector.Tracker tracker = detector.tracker(0);
        for (int k = 1; k <= ejections; k++) {
            tracker.onError(1, new IllegalStateException("500"), time.nanoTime());
            assertThat(detector.status(0).ejectionTime()).isEqualTo(BASE.multipliedBy(k));
            time.advance(BASE.multipliedBy(k));
            detector.analyze();
            assertThat(tracker.isEjected()).isFalse();
        }
        for (int k = 0; k < healthy; k++) {
            time.advance(BASE);
            detector.analyze();
        }
        assertThat(detector.status(0).ejectionMultiplier()).isEqualTo(Math.max(0, ejections - healthy));
        tracker.onError(1, new IllegalStateException("500"), time.nanoTime());
        assertThat(detector.status(0).ejectionTime())
                .isEqualTo(BASE.multipliedBy(Math.max(0, ejections - healthy) + 1));
    }
}
