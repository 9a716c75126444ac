package dev.nines.core.time;

import java.time.Instant;

/** The JVM's clocks; the one place in Nines that reads them. */
@SuppressForbidden(reason = "the system time source is the one place that reads the JVM's clocks")
enum SystemTimeSource implements TimeSource {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public String toString() {
        return "TimeSource.system()";
    }
}
