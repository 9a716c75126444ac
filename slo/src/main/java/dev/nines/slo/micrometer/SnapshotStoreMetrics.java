package dev.nines.slo.micrometer;

import dev.nines.core.internal.MeterBindings;
import dev.nines.slo.snapshot.SaveStatus;
import dev.nines.slo.snapshot.SnapshotFileStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Binds a {@link SnapshotFileStore}'s {@link SaveStatus} to a Micrometer {@link MeterRegistry}, so
 * that a failing periodic save shows on a dashboard and can page.
 *
 * <p>Meters, each tagged {@code file} (the snapshot file's absolute path), with their Prometheus
 * names:
 * <ul>
 *   <li>{@code nines.slo.snapshot.saves} (function counter, tag {@code result} = {@code success}
 *       or {@code failure}), {@code nines_slo_snapshot_saves_total};</li>
 *   <li>{@code nines.slo.snapshot.save.consecutive.failures} (gauge),
 *       {@code nines_slo_snapshot_save_consecutive_failures}: 0 once a save succeeds again;</li>
 *   <li>{@code nines.slo.snapshot.last.success} (gauge, seconds since the epoch, 0 before the
 *       first success), {@code nines_slo_snapshot_last_success_seconds}: alert when
 *       {@code time() - nines_slo_snapshot_last_success_seconds} exceeds a few save intervals.</li>
 * </ul>
 *
 * <p>The meters read {@link SnapshotFileStore#status()} when scraped. Thread-safe.
 *
 * <pre>{@code
 * SnapshotStoreMetrics.of(store).bindTo(meterRegistry);
 * }</pre>
 */
public final class SnapshotStoreMetrics implements MeterBinder, AutoCloseable {

    private final SnapshotFileStore store;
    private final MeterBindings bindings = new MeterBindings("nines.slo.snapshot.");

    private SnapshotStoreMetrics(SnapshotFileStore store) {
        this.store = store;
    }

    /**
     * Creates a binder for {@code store}.
     *
     * @param store the store
     * @return a binder
     */
    public static SnapshotStoreMetrics of(SnapshotFileStore store) {
        return new SnapshotStoreMetrics(Objects.requireNonNull(store, "store"));
    }

    /**
     * Registers the meters.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bindings.bind(registry)) {
            return; // bound already
        }
        bindings.whileBound(registry, () -> register(registry));
    }

    private void register(MeterRegistry registry) {
        bindings.own(registry, "file", store.file().toString());
        Tags tags = Tags.of("file", store.file().toString());
        FunctionCounter.builder(
                        "nines.slo.snapshot.saves", store, s -> s.status().successes())
                .tags(tags)
                .tag("result", "success")
                .description("SLO snapshot saves that completed")
                .register(registry);
        FunctionCounter.builder(
                        "nines.slo.snapshot.saves", store, s -> s.status().failures())
                .tags(tags)
                .tag("result", "failure")
                .description("SLO snapshot saves that failed")
                .register(registry);
        Gauge.builder(
                        "nines.slo.snapshot.save.consecutive.failures",
                        store,
                        s -> s.status().consecutiveFailures())
                .tags(tags)
                .description("SLO snapshot saves that failed since the last success")
                .register(registry);
        Gauge.builder("nines.slo.snapshot.last.success", store, SnapshotStoreMetrics::lastSuccessSeconds)
                .tags(tags)
                .baseUnit("seconds")
                .description("When the last SLO snapshot save completed, in seconds since the epoch; 0 if none has")
                .register(registry);
    }

    /**
     * Stops feeding {@code registry}: closes this binder's subscriptions for it and removes the meters
     * it registered there. Binding it again later starts afresh.
     *
     * @param registry the meter registry
     * @return {@code false} if this binder was not bound to it
     */
    public boolean unbindFrom(MeterRegistry registry) {
        return bindings.unbind(Objects.requireNonNull(registry, "registry"));
    }

    /** Unbinds from every meter registry this binder was bound to (see {@link #unbindFrom}). */
    @Override
    public void close() {
        bindings.close();
    }

    private static double lastSuccessSeconds(SnapshotFileStore store) {
        Optional<Instant> at = store.status().lastSuccess();
        return at.map(i -> i.getEpochSecond() + i.getNano() / 1e9).orElse(0.0);
    }
}
