package dev.nines.benchmarks;

import dev.nines.core.ratelimit.KeyedRateLimiter;
import dev.nines.core.ratelimit.KeyedRateLimiterConfig;
import dev.nines.core.ratelimit.RateLimiterConfig;
import dev.nines.core.time.TimeSource;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Per-key rate limiting for a key already present, one permit per call, from buckets that never
 * run dry (10^9 permits per second): Nines' {@code KeyedRateLimiter} (a Caffeine look-up and a CAS)
 * against resilience4j, whose way to limit per key is a {@code RateLimiterRegistry} look-up by name
 * plus {@code acquirePermission()}. 1,000 keys, taken in turn from a fixed array.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KeyedRateLimiterBenchmark {

    private static final int PERMITS = 1_000_000_000;
    private static final int KEYS = 1_000;

    private final String[] keys = new String[KEYS];

    private final KeyedRateLimiter<String> nines = KeyedRateLimiter.of(
            "bench",
            KeyedRateLimiterConfig.builder()
                    .rateLimiterConfig(RateLimiterConfig.builder()
                            .limitForPeriod(PERMITS)
                            .burstCapacity(PERMITS)
                            .limitRefreshPeriod(Duration.ofSeconds(1))
                            .build())
                    .maximumKeys(10 * KEYS)
                    .build(),
            TimeSource.system());
    private final RateLimiterRegistry resilience4j =
            RateLimiterRegistry.of(io.github.resilience4j.ratelimiter.RateLimiterConfig.custom()
                    .limitForPeriod(PERMITS)
                    .limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(Duration.ZERO)
                    .build());

    /** Creates every key in both, so that the measured calls only look keys up. */
    @Setup
    public void createKeys() {
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "client-" + i;
            nines.tryAcquirePermission(keys[i]);
            resilience4j.rateLimiter(keys[i]).acquirePermission();
        }
    }

    /** The key index of one benchmark thread. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        String key(String[] keys) {
            int i = next;
            next = i + 1 == keys.length ? 0 : i + 1;
            return keys[i];
        }
    }

    /** Nines: one permit for an existing key. */
    @Benchmark
    public boolean nines_acquireExistingKey(Cursor cursor) {
        return nines.tryAcquirePermission(cursor.key(keys));
    }

    /** resilience4j: registry look-up by name, then one permit. */
    @Benchmark
    public boolean resilience4j_acquireExistingKey(Cursor cursor) {
        return resilience4j.rateLimiter(cursor.key(keys)).acquirePermission();
    }

    /** Nines on two threads. */
    @Benchmark
    @Threads(2)
    public boolean nines_acquireExistingKey2(Cursor cursor) {
        return nines.tryAcquirePermission(cursor.key(keys));
    }

    /** resilience4j on two threads. */
    @Benchmark
    @Threads(2)
    public boolean resilience4j_acquireExistingKey2(Cursor cursor) {
        return resilience4j.rateLimiter(cursor.key(keys)).acquirePermission();
    }
}
