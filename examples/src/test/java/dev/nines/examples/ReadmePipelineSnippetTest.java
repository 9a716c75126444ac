package dev.nines.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.fallback.Fallback;
import dev.nines.core.fallback.FallbackConfig;
import dev.nines.core.fallback.StaleCache;
import dev.nines.core.fallback.StaleCacheConfig;
import dev.nines.core.pipeline.Resilience;
import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.ratelimit.RateLimiterConfig;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.time.TimeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The README's "composing policies" snippet, verbatim between the markers below: this test compiles and
 * runs it, and fails if the README's code block and this copy drift apart.
 */
class ReadmePipelineSnippetTest {

    @Test
    void theReadmesPipelineSnippetIsCompleteAndRuns() {
        // README snippet begin
        record Stock(String sku, int units) {
            static final Stock UNKNOWN = new Stock("?", -1);
        }
        interface Inventory {
            Stock stock(String sku); // your client; may throw
        }
        Inventory inventory = sku -> new Stock(sku, 7);

        TimeSource time = TimeSource.system();
        Retry retry = Retry.of("inventory", RetryConfig.builder().maxAttempts(3).build(), time);
        CircuitBreaker breaker = CircuitBreaker.of("inventory", CircuitBreakerConfig.ofDefaults(), time);
        RateLimiter limiter = RateLimiter.of("inventory", RateLimiterConfig.ofDefaults(), time);
        Bulkhead bulkhead = Bulkhead.of("inventory", BulkheadConfig.ofDefaults(), time);
        StaleCache<String, Stock> stockCache = StaleCache.of("stock", StaleCacheConfig.ofDefaults(), time);
        Fallback fallback = Fallback.of("inventory", FallbackConfig.ofDefaults());

        String sku = "sku-42";
        Supplier<Stock> stock = Resilience.<Stock>pipeline()
                .retry(retry)
                .circuitBreaker(breaker)
                .rateLimiter(limiter)
                .bulkhead(bulkhead)
                .staleCache(stockCache, sku) // serve stale while the breaker is open
                .fallback(fallback, failure -> Stock.UNKNOWN) // last resort
                .build()
                .decorateSupplier(() -> inventory.stock(sku)); // build once: no allocation per call
        Stock s = stock.get();
        // README snippet end
        assertThat(s.units()).isEqualTo(7);

        // with the breaker open the stale cache answers, and with nothing cached the fallback does
        breaker.transitionToForcedOpenState();
        assertThat(stock.get()).isEqualTo(s);
        Supplier<Stock> other = Resilience.<Stock>pipeline()
                .circuitBreaker(breaker)
                .fallback(fallback, failure -> Stock.UNKNOWN)
                .build()
                .decorateSupplier(() -> inventory.stock("sku-43"));
        assertThat(other.get()).isEqualTo(Stock.UNKNOWN);
    }

    @Test
    void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String self = Files.readString(
                Path.of("src", "test", "java", "dev", "nines", "examples", "ReadmePipelineSnippetTest.java"),
                StandardCharsets.UTF_8);
        String begin = "// README snippet begin\n";
        String snippet =
                self.substring(self.indexOf(begin) + begin.length(), self.indexOf("        // README snippet end"));
        String unindented = snippet.replaceAll("(?m)^ {8}", "");
        assertThat(readme).contains("```java\n" + unindented + "```");
    }
}
