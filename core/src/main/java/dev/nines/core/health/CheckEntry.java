package dev.nines.core.health;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** One registered check and its mutable state; owned by {@link HealthRegistry}. */
final class CheckEntry {

    final String name;
    final HealthCheck check;
    final HealthCheckConfig config;
    final boolean synthetic;
    final Hysteresis hysteresis;
    final long registeredNanos;

    /** True from the moment a run is handed to the executor until the check's code returns. */
    final AtomicBoolean running = new AtomicBoolean();
    /** The last reported status published in an event; for change detection. */
    final AtomicReference<HealthStatus> publishedStatus = new AtomicReference<>(HealthStatus.UNKNOWN);

    /** The reported result of the current or last run; guarded by {@code this}. */
    @Nullable
    CompletableFuture<HealthResult> inFlight;
    /** When the current run started, in time-source nanoseconds; guarded by {@code this}. */
    long runStartNanos;

    /** The last reported result and when it was recorded; {@code null} before the first run. */
    volatile @Nullable Snapshot last;

    volatile @Nullable ScheduledFuture<?> schedule;

    CheckEntry(String name, HealthCheck check, HealthCheckConfig config, boolean synthetic, long registeredNanos) {
        this.name = name;
        this.check = check;
        this.config = config;
        this.synthetic = synthetic;
        this.hysteresis = new Hysteresis(config.failureThreshold(), config.successThreshold());
        this.registeredNanos = registeredNanos;
    }

    /** A reported result and the time-source nanos at which it was recorded. */
    record Snapshot(HealthResult result, long recordedNanos) {}
}
