package dev.nines.examples.demo;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The simulated payment provider: fails a small share of calls at random, and every call while it
 * is down (planned maintenance or an unplanned outage). Deterministic from its seed.
 */
final class PaymentProvider {

    /** The share of calls that fail when the provider is up. */
    static final double FLAKY_RATIO = 0.005;

    private final Scenario scenario;
    private final SplittableRandom random;
    private Instant now = Instant.EPOCH;
    private long calls;
    private long failures;

    PaymentProvider(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.random = new SplittableRandom(seed);
    }

    void at(Instant instant) {
        this.now = instant;
    }

    /** Returns today's EUR exchange-rate quote, cacheable for a while. */
    Double quote() {
        call();
        return 1.08 + random.nextDouble(-0.01, 0.01);
    }

    /** Authorises a payment; not cacheable. */
    String authorize() {
        call();
        return "auth";
    }

    private void call() {
        calls++;
        boolean down = scenario.providerDown(now);
        if (down || random.nextDouble() < FLAKY_RATIO) {
            failures++;
            throw new ProviderException(down ? "payment provider unavailable" : "payment provider timed out");
        }
    }

    long calls() {
        return calls;
    }

    long failures() {
        return failures;
    }

    /** A failed call to the provider. */
    static final class ProviderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProviderException(String message) {
            super(message, null, false, false);
        }
    }
}
