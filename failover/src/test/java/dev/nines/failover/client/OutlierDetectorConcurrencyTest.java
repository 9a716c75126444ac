package dev.nines.failover.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.event.EventListeners;
import dev.nines.core.time.ManualTimeSource;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Recording from many threads loses no update, and concurrent ejections never pass the cap. */
class OutlierDetectorConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS = 50_000;

    private static OutlierDetector detector(ManualTimeSource time, OutlierDetection config, int endpoints) {
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            list.add(Endpoint.of("e" + i));
        }
        return new OutlierDetector("pool", config, time, EventListeners.create("test"), list);
    }

    private static void runTogether(int threads, Worker worker) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    worker.run(id);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }

    private static void scan(OutlierDetector detector, long[] into) {
        for (int i = 0; i < into.length / 2; i++) {
            into[2 * i] = detector.tracker(i).state.get();
            into[2 * i + 1] = detector.tracker(i).ejections.get();
        }
    }

    @FunctionalInterface
    interface Worker {
        void run(int thread) throws Exception;
    }

    @Test
    void perEndpointCountersLoseNoUpdateWhileAnAnalysisDrainsThem() throws InterruptedException {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        OutlierDetection config = OutlierDetection.builder()
                .consecutiveFailures(0)
                .consecutiveGatewayFailures(0)
                .successRateEnabled(false)
                .latencyEnabled(true)
                .classifier(
                        e -> e instanceof ConnectException ? EndpointOutcome.GATEWAY_FAILURE : EndpointOutcome.FAILURE)
                .build();
        int endpoints = 3;
        OutlierDetector detector = detector(time, config, endpoints);
        Exception failure = new IllegalStateException("500");
        Exception gateway = new ConnectException("refused");
        AtomicBoolean done = new AtomicBoolean();
        long[] drainedSuccesses = new long[endpoints];
        long[] drainedFailures = new long[endpoints];
        long[] drainedLatencies = new long[endpoints];
        Thread analyst = new Thread(() -> {
            while (!done.get()) {
                detector.analyze();
                for (int i = 0; i < endpoints; i++) {
                    drainedSuccesses[i] += detector.tracker(i).intervalSuccesses;
                    drainedFailures[i] += detector.tracker(i).intervalFailures;
                    drainedLatencies[i] += detector.tracker(i).intervalLatencySamples;
                }
            }
        });
        analyst.start();
        runTogether(THREADS, thread -> {
            // Each thread makes the same calls: endpoint c % 3; outcome c % 4 (success, success, failure, gateway).
            for (int c = 0; c < CALLS; c++) {
                OutlierDetector.Tracker tracker = detector.tracker(c % endpoints);
                switch (c % 4) {
                    case 0, 1 -> tracker.onSuccess(c);
                    case 2 -> tracker.onError(c, failure, 0);
                    default -> tracker.onError(c, gateway, 0);
                }
            }
        });
        done.set(true);
        analyst.join();
        detector.analyze();
        for (int i = 0; i < endpoints; i++) {
            drainedSuccesses[i] += detector.tracker(i).intervalSuccesses;
            drainedFailures[i] += detector.tracker(i).intervalFailures;
            drainedLatencies[i] += detector.tracker(i).intervalLatencySamples;
        }
        long[] successes = new long[endpoints];
        long[] failures = new long[endpoints];
        long[] gateways = new long[endpoints];
        for (int c = 0; c < CALLS; c++) {
            int i = c % endpoints;
            switch (c % 4) {
                case 0, 1 -> successes[i] += THREADS;
                case 2 -> failures[i] += THREADS;
                default -> {
                    failures[i] += THREADS;
                    gateways[i] += THREADS;
                }
            }
        }
        for (int i = 0; i < endpoints; i++) {
            OutlierStatus status = detector.status(i);
            assertThat(status.successes()).isEqualTo(successes[i]);
            assertThat(status.failures()).isEqualTo(failures[i]);
            assertThat(status.gatewayFailures()).isEqualTo(gateways[i]);
            assertThat(drainedSuccesses[i]).isEqualTo(successes[i]);
            assertThat(drainedFailures[i]).isEqualTo(failures[i]);
            assertThat(drainedLatencies[i]).isEqualTo(successes[i]);
            assertThat(detector.tracker(i).latency).isNotNull();
            assertThat(detector.tracker(i).latency.total()).isEqualTo(successes[i]);
        }
    }

    @Test
    void concurrentInlineEjectionsAndReturnsNeverPassTheCap() throws InterruptedException {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        OutlierDetection config = OutlierDetection.builder()
                .successRateEnabled(false)
                .consecutiveFailures(1)
                .baseEjectionTime(Duration.ofSeconds(1))
                .maxEjectionTime(Duration.ofSeconds(1))
                .maxEjectionRatio(0.25)
                .build();
        int endpoints = 16;
        OutlierDetector detector = detector(time, config, endpoints);
        int cap = config.maxEjectedEndpoints(endpoints);
        AtomicInteger worst = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread analyst = new Thread(() -> {
            while (!done.get()) {
                time.advance(Duration.ofSeconds(1));
                detector.analyze();
            }
        });
        Thread observer = new Thread(() -> {
            // A double collect: two scans that agree on every endpoint's (state, ejections) saw one
            // instant (an ejection moves the count, a return the state; no pair repeats). Counting in one scan
            // alone would mix instants.
            long[] first = new long[2 * endpoints];
            long[] second = new long[2 * endpoints];
            while (!done.get()) {
                scan(detector, first);
                scan(detector, second);
                if (Arrays.equals(first, second)) {
                    int consistent = 0;
                    for (int i = 0; i < endpoints; i++) {
                        if (OutlierDetector.isEjected(first[2 * i])) {
                            consistent++;
                        }
                    }
                    worst.accumulateAndGet(consistent, Math::max);
                }
            }
        });
        analyst.start();
        observer.start();
        Exception failure = new IllegalStateException("500");
        runTogether(THREADS, thread -> {
            SplittableRandom random = new SplittableRandom(thread);
            for (int c = 0; c < CALLS; c++) {
                detector.tracker(random.nextInt(endpoints)).onError(1, failure, time.nanoTime());
            }
        });
        done.set(true);
        analyst.join();
        observer.join();
        // How many consistent snapshots the observer gets depends on the scheduler; none may pass the cap.
        assertThat(worst.get()).isLessThanOrEqualTo(cap);
        OutlierMetrics metrics = detector.metrics();
        assertThat(metrics.ejectedEndpoints()).isLessThanOrEqualTo(cap);
        assertThat(metrics.totalEjections()).isPositive();
        // Every ejection was either returned or is still in place: the cap's slots balance.
        time.advance(Duration.ofSeconds(5));
        detector.analyze();
        assertThat(detector.metrics().ejectedEndpoints()).isZero();
        for (int i = 0; i < cap + 2; i++) {
            detector.tracker(i).onError(1, failure, time.nanoTime());
        }
        assertThat(detector.metrics().ejectedEndpoints()).isEqualTo(cap);
    }
}
