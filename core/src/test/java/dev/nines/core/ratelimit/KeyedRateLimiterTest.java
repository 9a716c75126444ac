package dev.nines.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualTimeSource time = ManualTimeSource.at(START);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private static RateLimiterConfig perKey(int limit) {
        return RateLimiterConfig.builder()
                .limitForPeriod(limit)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .build();
    }

    private KeyedRateLimiter<String> limiter(int limit, long maximumKeys) {
        return KeyedRateLimiter.of(
                "api",
                KeyedRateLimiterConfig.builder()
                        .rateLimiterConfig(perKey(limit))
                        .maximumKeys(maximumKeys)
                        .build(),
                time);
    }

    private static int drain(KeyedRateLimiter<String> limiter, String key) {
        int granted = 0;
        while (limiter.tryAcquirePermission(key)) {
            granted++;
        }
        return granted;
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        KeyedRateLimiter<String> limiter = limiter(3, 100);
        assertThat(drain(limiter, "alice")).isEqualTo(3);
        assertThat(drain(limiter, "bob")).isEqualTo(3);
        assertThat(limiter.tryAcquirePermission("alice")).isFalse();
        assertThat(limiter.metrics()).isEqualTo(new KeyedRateLimiter.Metrics(2, 0, 6, 3));
        time.advance(Duration.ofSeconds(1));
        assertThat(drain(limiter, "alice")).isEqualTo(3);
        // One second is the keys' retention (their refill time): bob, idle since, was dropped.
        assertThat(limiter.metrics()).isEqualTo(new KeyedRateLimiter.Metrics(1, 0, 9, 4));
        assertThat(limiter.rateLimiter("alice").name()).isEqualTo("api[alice]");
        assertThat(limiter.rateLimiter("alice")).isSameAs(limiter.rateLimiter("alice"));
    }

    @Test
    void executeSupplierThrowsRequestNotPermittedNamingTheKey() {
        KeyedRateLimiter<String> limiter = limiter(1, 100);
        assertThat(limiter.executeSupplier("alice", () -> "ok")).isEqualTo("ok");
        assertThatThrownBy(() -> limiter.executeSupplier("alice", () -> "again"))
                .isInstanceOf(RequestNotPermittedException.class)
                .hasMessageContaining("api[alice]");
        assertThat(limiter.metrics().grantedPermits()).isEqualTo(1);
        assertThat(limiter.metrics().refusedPermits()).isEqualTo(1);
    }

    @Test
    void anIdleKeyIsDroppedOnlyOnceItsBucketWouldBeFullAgain() {
        // 2 per second, burst 6: an emptied bucket is full again after 3 s, the default retention.
        KeyedRateLimiter<String> limiter = KeyedRateLimiter.of(
                "api",
                KeyedRateLimiterConfig.builder()
                        .rateLimiterConfig(
                                perKey(2).toBuilder().burstCapacity(6).build())
                        .build(),
                time);
        assertThat(limiter.config().idleKeyRetention()).isEqualTo(Duration.ofSeconds(3));
        RateLimiter first = limiter.rateLimiter("alice");
        assertThat(drain(limiter, "alice")).isEqualTo(6);

        time.advance(Duration.ofMillis(2_999));
        assertThat(limiter.rateLimiter("alice")).isSameAs(first);
        assertThat(drain(limiter, "alice")).isEqualTo(4);

        time.advance(Duration.ofSeconds(3));
        RateLimiter second = limiter.rateLimiter("alice");
        assertThat(second).isNotSameAs(first);
        // What the old bucket would hold now: full.
        assertThat(second.availablePermits()).isEqualTo(6);
        assertThat(limiter.metrics().evictedKeys()).isZero();
    }

    @Test
    void theKeyCountStaysBoundedAndSizeEvictionsAreCounted() {
        KeyedRateLimiter<String> limiter = limiter(1, 50);
        for (int i = 0; i < 1_000; i++) {
            limiter.tryAcquirePermission("key-" + i);
        }
        limiter.rateLimiter("last");
        KeyedRateLimiter.Metrics metrics = limiter.metrics();
        assertThat(metrics.keys()).isLessThanOrEqualTo(50);
        assertThat(metrics.evictedKeys()).isGreaterThanOrEqualTo(1_000 - 50);
        assertThat(metrics.grantedPermits()).isEqualTo(1_000);
    }

    @Test
    void eventsOfEveryKeyReachTheKeyedListeners() {
        KeyedRateLimiter<String> limiter = limiter(1, 10);
        List<RateLimiterEvent> events = new ArrayList<>();
        var registration = limiter.onEvent(events::add);
        limiter.tryAcquirePermission("alice");
        limiter.tryAcquirePermission("alice");
        registration.close();
        limiter.tryAcquirePermission("bob");
        assertThat(events)
                .containsExactly(
                        new RateLimiterEvent.PermitsGranted("api[alice]", 1, START),
                        new RateLimiterEvent.PermitsRefused("api[alice]", 1, START));
    }

    @Test
    void configRejectsBadFieldsNamingThemAndTheirValues() {
        assertThatThrownBy(() -> KeyedRateLimiterConfig.builder().maximumKeys(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximumKeys must be at least 1, was 0");
        assertThatThrownBy(() -> KeyedRateLimiterConfig.builder().idleKeyRetention(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleKeyRetention must not be negative, was PT-1S");
        assertThatThrownBy(() -> KeyedRateLimiterConfig.builder()
                        .rateLimiterConfig(
                                perKey(2).toBuilder().burstCapacity(6).build())
                        .idleKeyRetention(Duration.ofSeconds(2))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleKeyRetention must be zero or at least the refill time of the per-key rate limiter "
                        + "(PT3S), was PT2S");
        assertThatThrownBy(() -> KeyedRateLimiter.of("  ", KeyedRateLimiterConfig.ofDefaults(), time))
                .isInstanceOf(IllegalArgumentException.class);
        KeyedRateLimiterConfig config = KeyedRateLimiterConfig.builder()
                .maximumKeys(7)
                .idleKeyRetention(Duration.ofMinutes(1))
                .build();
        assertThat(config.toBuilder().build())
                .isEqualTo(config)
                .hasSameHashCodeAs(config.toBuilder().build());
        assertThat(config.toString()).contains("maximumKeys=7", "idleKeyRetention=PT1M");
        // Unset, the retention follows the per-key configuration through toBuilder().
        KeyedRateLimiterConfig following = KeyedRateLimiterConfig.ofDefaults().toBuilder()
                .rateLimiterConfig(perKey(1).toBuilder().burstCapacity(10).build())
                .build();
        assertThat(following.idleKeyRetention()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theRefillTimeIncludesTheWarmup() {
        RateLimiterConfig config = perKey(10).toBuilder()
                .burstCapacity(25)
                .warmupPeriod(Duration.ofSeconds(30))
                .build();
        assertThat(KeyedRateLimiterConfig.refillTime(config)).isEqualTo(Duration.ofSeconds(33));
    }

    @Test
    void takingAPermitForAnExistingKeyAllocatesNothing() {
        KeyedRateLimiter<String> limiter = KeyedRateLimiter.of(
                "api",
                KeyedRateLimiterConfig.builder()
                        .rateLimiterConfig(RateLimiterConfig.builder()
                                .limitForPeriod(1_000_000_000)
                                .burstCapacity(1_000_000_000)
                                .build())
                        .build(),
                time);
        String[] keys = {"alice", "bob", "carol"};
        int[] next = {0};
        for (String key : keys) {
            limiter.tryAcquirePermission(key);
        }
        assertThat(bytesPerCall(() -> limiter.tryAcquirePermission(keys[next[0]++ % keys.length])))
                .isZero();
    }

    /** Bytes the current thread allocates per run of {@code call}, measured over 100,000 runs after as many warm-up runs. */
    private static long bytesPerCall(Runnable call) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100_000; i++) {
            call.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            call.run();
        }
        return (threads.getCurrentThreadAllocatedBytes() - before) / 100_000;
    }

    @Property(tries = 100)
    void aKeyGetsExactlyItsBucketWhateverTheOtherKeysDo(
            @ForAll @IntRange(min = 1, max = 20) int limit,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 4) Integer> keys) {
        // Enough room for every key: no eviction, so each key's grants match a lone limiter's.
        KeyedRateLimiter<String> limiter = limiter(limit, 100);
        int[] expected = new int[5];
        int[] granted = new int[5];
        for (int key : keys) {
            if (limiter.tryAcquirePermission("k" + key)) {
                granted[key]++;
            }
            expected[key] = Math.min(limit, expected[key] + 1);
        }
        assertThat(granted).containsExactly(expected);
    }

    @Test
    void concurrentCallersOnSharedKeysLoseNoCount() throws Exception {
        int threads = 8;
        int callsPerThread = 20_000;
        KeyedRateLimiter<String> limiter = limiter(1_000, 1_000);
        AtomicLong granted = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < callsPerThread; i++) {
                    if (limiter.tryAcquirePermission("key-" + (i % 16))) {
                        granted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        // 16 keys with 1,000 permits each and a clock that stands still.
        assertThat(granted.get()).isEqualTo(16_000);
        KeyedRateLimiter.Metrics metrics = limiter.metrics();
        assertThat(metrics.grantedPermits()).isEqualTo(16_000);
        assertThat(metrics.grantedPermits() + metrics.refusedPermits()).isEqualTo((long) threads * callsPerThread);
        assertThat(metrics.keys()).isEqualTo(16);
    }
}
