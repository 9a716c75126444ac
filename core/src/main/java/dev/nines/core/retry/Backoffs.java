package dev.nines.core.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** The {@link Backoff} implementations. */
final class Backoffs {

    private Backoffs() {}

    record Fixed(long nanos) implements Backoff {
        @Override
        public long delayNanos(int attempts) {
            return nanos;
        }

        @Override
        public String toString() {
            return "Backoff.fixed(" + Duration.ofNanos(nanos) + ")";
        }
    }

    record Exponential(long initialNanos, double multiplier, long maxNanos) implements Backoff {
        @Override
        public long delayNanos(int attempts) {
            double delay = initialNanos * Math.pow(multiplier, Math.max(0, attempts - 1));
            // Comparing as double first avoids overflow in the cast (NaN cannot occur: all finite, >= 1).
            return delay >= maxNanos ? maxNanos : (long) delay;
        }

        @Override
        public String toString() {
            return "Backoff.exponential(" + Duration.ofNanos(initialNanos) + ", " + multiplier + ", "
                    + Duration.ofNanos(maxNanos) + ")";
        }
    }

    record Jittered(Backoff delegate, double randomizationFactor) implements Backoff {
        @Override
        public long delayNanos(int attempts) {
            long base = delegate.delayNanos(attempts);
            double delta = randomizationFactor * base;
            double low = base - delta;
            double value = low + ThreadLocalRandom.current().nextDouble() * (2 * delta);
            return value >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0L, (long) value);
        }

        @Override
        public String toString() {
            return delegate + ".withJitter(" + randomizationFactor + ")";
        }
    }

    record Capped(Backoff delegate, long maxNanos) implements Backoff {
        @Override
        public long delayNanos(int attempts) {
            return Math.min(maxNanos, delegate.delayNanos(attempts));
        }

        @Override
        public String toString() {
            return delegate + ".withMaxInterval(" + Duration.ofNanos(maxNanos) + ")";
        }
    }

    record FromMillisFunction(Function<? super Integer, ? extends Long> function) implements Backoff {
        @Override
        public long delayNanos(int attempts) {
            Long millis = function.apply(attempts);
            if (millis == null || millis <= 0) {
                return 0L;
            }
            return millis >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : millis * 1_000_000L;
        }
    }
}
