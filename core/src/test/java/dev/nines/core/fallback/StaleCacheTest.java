package dev.nines.core.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.fallback.CacheResult.Freshness;
import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class StaleCacheTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final StaleCacheConfig config = StaleCacheConfig.builder()
            .freshTtl(Duration.ofSeconds(10))
            .staleTtl(Duration.ofMinutes(5))
            .maximumSize(100)
            .build();

    /** A backend that is up or down and counts its calls. */
    private static final class Backend {
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger calls = new AtomicInteger();

        Supplier<String> price(String sku) {
            return () -> {
                int n = calls.incrementAndGet();
                if (down.get()) {
                    throw new IllegalStateException("backend down");
                }
                return sku + "@" + n;
            };
        }
    }

    @Test
    void servesStaleDuringAnOutageAndFreshAfterwards() {
        StaleCache<String, String> prices = StaleCache.of("prices", config, time);
        Backend backend = new Backend();

        CacheResult<String> first = prices.get("apple", backend.price("apple"));
        assertThat(first.freshness()).isEqualTo(Freshness.FRESH);
        assertThat(first.value()).isEqualTo("apple@1");

        time.advance(Duration.ofSeconds(5));
        CacheResult<String> cached = prices.get("apple", backend.price("apple"));
        assertThat(cached.freshness()).isEqualTo(Freshness.CACHED_FRESH);
        assertThat(cached.age()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backend.calls).hasValue(1);

        // Outage: the fresh TTL has passed and every call fails.
        backend.down.set(true);
        time.advance(Duration.ofSeconds(25));
        CacheResult<String> stale = prices.get("apple", backend.price("apple"));
        assertThat(stale.value()).isEqualTo("apple@1");
        assertThat(stale.freshness()).isEqualTo(Freshness.STALE);
        assertThat(stale.isDegraded()).isTrue();
        assertThat(stale.age()).isEqualTo(Duration.ofSeconds(30));
        assertThat(stale.failure()).get().extracting(Throwable::getMessage).isEqualTo("backend down");

        // Recovery: the next call succeeds and replaces the stale value.
        backend.down.set(false);
        time.advance(Duration.ofSeconds(1));
        CacheResult<String> recovered = prices.get("apple", backend.price("apple"));
        assertThat(recovered).isEqualTo(new CacheResult<>("apple@3", Freshness.FRESH, Duration.ZERO, Optional.empty()));
        assertThat(recovered.isDegraded()).isFalse();
        assertThat(prices.metrics().numberOfStaleAnswers()).isOne();
        assertThat(prices.metrics().numberOfFreshAnswers()).isEqualTo(2);
        assertThat(prices.metrics().numberOfCachedFreshAnswers()).isOne();
    }

    @Test
    void aValuePastTheStaleTtlIsNotServedAndTheFailurePropagates() {
        StaleCache<String, String> prices = StaleCache.of("prices", config, time);
        Backend backend = new Backend();
        prices.get("apple", backend.price("apple"));
        List<StaleCacheEvent> events = new ArrayList<>();
        prices.onEvent(events::add);

        backend.down.set(true);
        time.advance(Duration.ofSeconds(10).plus(Duration.ofMinutes(5)));

        assertThatThrownBy(() -> prices.get("apple", backend.price("apple"))).hasMessage("backend down");
        assertThat(events).singleElement().isInstanceOf(StaleCacheEvent.NoStaleValue.class);
        assertThat(prices.metrics().numberOfFailures()).isOne();
    }

    @Test
    void failuresOutsideServeStaleOnPropagateEvenWithAStaleValue() throws Exception {
        StaleCache<String, String> prices = StaleCache.of(
                "prices",
                config.toBuilder().serveStaleOn(e -> e instanceof IOException).build(),
                time);
        prices.put("apple", "apple@0");
        time.advance(Duration.ofSeconds(11));

        assertThatThrownBy(() -> prices.get("apple", () -> {
                    throw new IllegalArgumentException("bad sku");
                }))
                .isInstanceOf(IllegalArgumentException.class);
        CacheResult<String> stale = prices.getCallable("apple", () -> {
            throw new IOException("reset");
        });
        assertThat(stale.freshness()).isEqualTo(Freshness.STALE);
        assertThat(stale.value()).isEqualTo("apple@0");
    }

    @Test
    void aMissingKeyCannotBeServedStale() {
        StaleCache<String, String> prices = StaleCache.of("prices", config, time);

        assertThatThrownBy(() -> prices.get("pear", () -> {
                    throw new IllegalStateException("down");
                }))
                .hasMessage("down");
    }

    @Test
    void isBoundedByMaximumSize() {
        StaleCache<Integer, String> cache =
                StaleCache.of("bounded", config.toBuilder().maximumSize(10).build(), time);

        for (int i = 0; i < 1_000; i++) {
            cache.put(i, "v" + i);
        }

        assertThat(cache.estimatedSize()).isLessThanOrEqualTo(10);
    }

    @Test
    void asyncServesStaleOnAFailedStageAndFreshOnSuccess() {
        StaleCache<String, String> prices = StaleCache.of("prices", config, time);
        prices.put("apple", "apple@0");
        time.advance(Duration.ofSeconds(20));

        CacheResult<String> stale = prices.getCompletionStage(
                        "apple", () -> CompletableFuture.<String>failedFuture(new IOException("reset")))
                .toCompletableFuture()
                .join();
        CacheResult<String> fresh = prices.getCompletionStage(
                        "apple", () -> CompletableFuture.completedFuture("apple@1"))
                .toCompletableFuture()
                .join();
        CacheResult<String> cached = prices.getCompletionStage(
                        "apple", () -> CompletableFuture.<String>failedFuture(new AssertionError("not called")))
                .toCompletableFuture()
                .join();

        assertThat(stale.freshness()).isEqualTo(Freshness.STALE);
        assertThat(stale.age()).isEqualTo(Duration.ofSeconds(20));
        assertThat(fresh.freshness()).isEqualTo(Freshness.FRESH);
        assertThat(cached.freshness()).isEqualTo(Freshness.CACHED_FRESH);
        assertThat(cached.value()).isEqualTo("apple@1");
    }

    @Test
    void invalidateForgetsTheKeyAndNullValuesAreRejected() {
        StaleCache<String, String> prices = StaleCache.of("prices", config, time);
        prices.put("apple", "apple@0");
        prices.invalidate("apple");
        time.advance(Duration.ofSeconds(11));

        assertThatThrownBy(() -> prices.get("apple", () -> {
                    throw new IllegalStateException("down");
                }))
                .hasMessage("down");
        assertThatThrownBy(() -> prices.get("apple", () -> null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("the call returned null; a StaleCache cannot cache null");
    }

    @Test
    void eachKeyCanHaveItsOwnFreshAndStaleTtl() {
        StaleCache<String, String> cache = StaleCache.of(
                "per-key",
                config,
                time,
                (key, value) -> key.startsWith("volatile")
                        ? new EntryTtl(Duration.ofSeconds(1), Duration.ofSeconds(4))
                        : new EntryTtl(Duration.ofMinutes(1), Duration.ofHours(1)));
        cache.put("volatile-a", "a0");
        cache.put("steady-b", "b0");
        Supplier<String> down = () -> {
            throw new IllegalStateException("down");
        };

        time.advance(Duration.ofSeconds(2));
        assertThat(cache.get("volatile-a", down).freshness()).isEqualTo(Freshness.STALE);
        assertThat(cache.get("steady-b", down).freshness()).isEqualTo(Freshness.CACHED_FRESH);

        time.advance(Duration.ofSeconds(3));
        assertThatThrownBy(() -> cache.get("volatile-a", down)).hasMessage("down");
        time.advance(Duration.ofMinutes(1));
        assertThat(cache.get("steady-b", down).freshness()).isEqualTo(Freshness.STALE);
    }

    @Test
    void rejectsBadConfigurationWithTheHouseMessage() {
        assertThatThrownBy(() -> StaleCacheConfig.builder().freshTtl(Duration.ZERO))
                .hasMessage("freshTtl must be positive, was PT0S");
        assertThatThrownBy(() -> StaleCacheConfig.builder().staleTtl(Duration.ofSeconds(-1)))
                .hasMessage("staleTtl must not be negative, was PT-1S");
        assertThatThrownBy(() -> StaleCacheConfig.builder().maximumSize(0))
                .hasMessage("maximumSize must be at least 1, was 0");
        assertThatThrownBy(() -> StaleCache.of("", config, time)).hasMessage("name must not be blank, was \"\"");
    }

    /** Steps: advance time by {@code seconds}, then call with the backend up or down. */
    record Step(int seconds, boolean down) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.integers()
                .between(0, 40)
                .flatMap(s -> Arbitraries.of(true, false).map(d -> new Step(s, d)))
                .list()
                .ofMaxSize(60);
    }

    @Property(tries = 1_000)
    void freshnessFollowsAReferenceModel(@ForAll("steps") List<Step> steps) {
        ManualTimeSource clock = ManualTimeSource.at(Instant.EPOCH);
        // Worked numbers: fresh for 10 s, then stale-if-error for 30 s more.
        StaleCache<String, Integer> cache = StaleCache.of(
                "model",
                StaleCacheConfig.builder()
                        .freshTtl(Duration.ofSeconds(10))
                        .staleTtl(Duration.ofSeconds(30))
                        .build(),
                clock);
        long storedAt = Long.MIN_VALUE;
        int storedValue = -1;
        long now = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            clock.advance(Duration.ofSeconds(step.seconds()));
            now += step.seconds();
            int value = i;
            boolean hasEntry = storedAt != Long.MIN_VALUE;
            long age = now - storedAt;
            if (hasEntry && age < 10) {
                CacheResult<Integer> result = cache.get("k", () -> value);
                assertThat(result.freshness()).isEqualTo(Freshness.CACHED_FRESH);
                assertThat(result.value()).isEqualTo(storedValue);
            } else if (!step.down()) {
                CacheResult<Integer> result = cache.get("k", () -> value);
                assertThat(result.freshness()).isEqualTo(Freshness.FRESH);
                storedAt = now;
                storedValue = value;
            } else if (hasEntry && age < 40) {
                CacheResult<Integer> result = cache.get("k", () -> {
                    throw new IllegalStateException("down");
                });
                assertThat(result.freshness()).isEqualTo(Freshness.STALE);
                assertThat(result.value()).isEqualTo(storedValue);
                assertThat(result.age()).isEqualTo(Duration.ofSeconds(age));
            } else {
                assertThatThrownBy(() -> cache.get("k", () -> {
                            throw new IllegalStateException("down");
                        }))
                        .hasMessage("down");
            }
        }
    }
}
