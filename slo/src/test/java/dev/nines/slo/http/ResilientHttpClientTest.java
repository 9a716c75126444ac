package dev.nines.slo.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.nines.core.circuitbreaker.CallNotPermittedException;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryBudgetConfig;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.retry.Sleeper;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real loopback HttpServer that replies with a scripted sequence of statuses. */
class ResilientHttpClientTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();
    /** Records each wait and advances the manual clock by it: no real sleeping. */
    private final Sleeper sleeper = nanos -> {
        sleeps.add(nanos);
        time.advanceNanos(nanos);
    };

    private final ConcurrentLinkedQueue<String> script = new ConcurrentLinkedQueue<>(); // "503" or "503;Retry-After"
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;
    private SloTracker tracker;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod());
            String step = script.poll();
            if (step == null) {
                step = "200";
            }
            if (step.equals("hang")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                step = "200";
            }
            String[] parts = step.split(";", 2);
            if (parts.length == 2) {
                exchange.getResponseHeaders().add("Retry-After", parts[1]);
            }
            exchange.sendResponseHeaders(Integer.parseInt(parts[0]), -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        tracker = SloTracker.create(
                Slo.builder("payments-client")
                        .objective(0.99)
                        .sli(Sli.requestRatio())
                        .window(SloWindow.rolling(Duration.ofDays(30)))
                        .build(),
                time);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private HttpRequest request(String method) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pay");
        return HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
    }

    private Retry retry(int maxAttempts) {
        return Retry.of(
                "payments",
                RetryConfig.builder()
                        .maxAttempts(maxAttempts)
                        .waitDuration(Duration.ofMillis(100))
                        .withoutRetryBudget()
                        .build(),
                time,
                sleeper);
    }

    private ResilientHttpClient.Builder client() {
        return ResilientHttpClient.builder(http, time).retry(retry(3)).tracker(tracker);
    }

    @Test
    void retriesServerErrorsAndTooManyRequestsThenSucceeds() throws Exception {
        script.addAll(List.of("503", "429", "200"));
        HttpResponse<Void> response = client().build().send(request("GET"), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(received).hasSize(3);
        assertThat(tracker.totalGood()).isEqualTo(1); // one call, one event
        assertThat(tracker.totalBad()).isZero();
    }

    @Test
    void returnsTheLastResponseWhenRetriesAreOverAndRecordsItBad() throws Exception {
        script.addAll(List.of("502", "503", "500", "200"));
        HttpResponse<Void> response = client().build().send(request("GET"), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(received).hasSize(3);
        assertThat(tracker.totalBad()).isEqualTo(1);
    }

    @Test
    void neverRetriesANonIdempotentMethodUnlessTold() throws Exception {
        script.addAll(List.of("503", "200"));
        ResilientHttpClient client = client().build();
        assertThat(client.send(request("POST"), HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(503);
        assertThat(received).containsExactly("POST");
        assertThat(client.retries("patch")).isFalse();
        assertThat(client.retries("PUT")).isTrue();

        script.clear();
        received.clear();
        script.addAll(List.of("503", "200"));
        ResilientHttpClient told = client().retryNonIdempotent(true).build();
        assertThat(told.send(request("POST"), HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(200);
        assertThat(received).containsExactly("POST", "POST");
        assertThat(tracker.totalBad()).isEqualTo(1);
        assertThat(tracker.totalGood()).isEqualTo(1);
    }

    @Test
    void theRetryWaitsOutRetryAfterSecondsInsteadOfAShorterBackoff() throws Exception {
        script.addAll(List.of("503;2", "200"));
        assertThat(client().build()
                        .send(request("GET"), HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(200);
        // one wait, through the retry's sleeper: the longer of its 100 ms backoff and the server's 2 s
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void aRetryAfterNeverBuysARetryTheBudgetRefuses() throws Exception {
        script.addAll(List.of("429;1", "200"));
        Retry budgeted = Retry.of(
                "payments",
                RetryConfig.builder()
                        .maxAttempts(3)
                        .waitDuration(Duration.ofMillis(100))
                        .retryBudget(RetryBudgetConfig.builder()
                                .retryRatio(0.0)
                                .minRetriesPerSecond(0)
                                .build())
                        .build(),
                time,
                sleeper);
        HttpResponse<Void> response = ResilientHttpClient.builder(http, time)
                .retry(budgeted)
                .tracker(tracker)
                .build()
                .send(request("GET"), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(received).hasSize(1);
        assertThat(sleeps).isEmpty();
        assertThat(budgeted.metrics().numberOfBudgetExhaustedCalls()).isOne();
    }

    @Test
    void theRetrysOwnBoundOnRetryAfterAlsoEndsTheCall() throws Exception {
        script.addAll(List.of("503;20", "200"));
        Retry patient = Retry.of(
                "payments",
                RetryConfig.builder()
                        .maxAttempts(3)
                        .maxRetryAfter(Duration.ofSeconds(10))
                        .build(),
                time,
                sleeper);
        HttpResponse<Void> response = ResilientHttpClient.builder(http, time)
                .retry(patient)
                .maxRetryAfter(Duration.ofSeconds(30))
                .build()
                .send(request("GET"), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(received).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void readsRetryAfterAsAnHttpDate() throws Exception {
        String in5s = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                time.now().plusSeconds(5).atZone(java.time.ZoneOffset.UTC));
        script.addAll(List.of("429;" + in5s, "200"));
        client().build().send(request("GET"), HttpResponse.BodyHandlers.discarding());
        assertThat(sleeps.stream().mapToLong(Long::longValue).sum())
                .isEqualTo(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void endsTheCallWhenRetryAfterIsLongerThanTheLimit() throws Exception {
        script.addAll(List.of("503;3600", "200"));
        HttpResponse<Void> response = client().maxRetryAfter(Duration.ofSeconds(30))
                .build()
                .send(request("GET"), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(received).hasSize(1);
        assertThat(sleeps).isEmpty();
        assertThat(tracker.totalBad()).isEqualTo(1);
    }

    @Test
    void ignoresAMalformedRetryAfter() throws Exception {
        script.addAll(List.of("503;soon", "200"));
        client().build().send(request("GET"), HttpResponse.BodyHandlers.discarding());
        assertThat(sleeps).containsExactly(Duration.ofMillis(100).toNanos()); // the backoff only
    }

    @Test
    void boundsEachAttemptWithTheTimeLimit() {
        script.addAll(List.of("hang", "hang", "hang"));
        ResilientHttpClient client =
                client().attemptTimeout(Duration.ofMillis(200)).build();
        assertThatThrownBy(() -> client.send(request("GET"), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(tracker.totalBad()).isEqualTo(1);
    }

    @Test
    void anOpenBreakerRejectsWithoutCallingTheServer() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of(
                "payments",
                CircuitBreakerConfig.builder()
                        .slidingWindow(2, 2, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(50)
                        .build(),
                time);
        ResilientHttpClient client = ResilientHttpClient.builder(http, time)
                .circuitBreaker(breaker)
                .tracker(tracker)
                .build();
        script.addAll(List.of("500", "500", "200"));
        client.send(request("GET"), HttpResponse.BodyHandlers.discarding());
        client.send(request("GET"), HttpResponse.BodyHandlers.discarding());

        assertThatThrownBy(() -> client.send(request("GET"), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(CallNotPermittedException.class);
        assertThat(received).hasSize(2);
        assertThat(tracker.totalBad()).isEqualTo(3);
    }
}
