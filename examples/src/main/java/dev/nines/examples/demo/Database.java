package dev.nines.examples.demo;

import dev.nines.core.time.ManualTimeSource;
import java.time.Instant;

/**
 * The orders database: a primary region and a standby region.
 */
final class Database {

    static final String PRIMARY = "eu-west-1";
    static final String STANDBY = "eu-central-1";

    /** Receives timeline events. */
    interface Events {
        void event(Instant at, String kind, String text);
    }

    private final Scenario scenario;
    private final ManualTimeSource time;
    private final Events events;

    Database(Scenario scenario, ManualTimeSource time, Events events) {
        this.scenario = scenario;
        this.time = time;
        this.events = events;
    }

    void tick() {
    }

    boolean writeOrder(double quote) {
        return quote > 0 && scenario != null && time != null && events != null;
    }

    long epoch() {
        return 1;
    }

    int failovers() {
        return 0;
    }

    long staleWritesRejected() {
        return 0;
    }

    int auditRecords() {
        return 0;
    }
}
