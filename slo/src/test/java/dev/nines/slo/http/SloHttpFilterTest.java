package dev.nines.slo.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a real loopback HttpServer. */
class SloHttpFilterTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger thrown = new AtomicInteger();
    /** One permit per finished exchange, released outside the SLO filter: the test waits on it, never sleeps. */
    private final Semaphore finished = new Semaphore(0);

    private final Filter done = new Filter() {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            try {
                chain.doFilter(exchange);
            } finally {
                finished.release();
            }
        }

        @Override
        public String description() {
            return "releases a permit per finished exchange";
        }
    };
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private SloTracker tracker(String name, Sli sli) {
        return SloTracker.create(
                Slo.builder(name)
                        .objective(0.99)
                        .sli(sli)
                        .window(SloWindow.rolling(Duration.ofDays(30)))
                        .build(),
                time);
    }

    /** Replies with the status in the query ({@code ?503}), after advancing the clock by the path's last segment in ms. */
    private void reply(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        int status = query == null ? 200 : Integer.parseInt(query);
        String[] segments = exchange.getRequestURI().getPath().split("/");
        String last = segments[segments.length - 1];
        if (last.matches("[0-9]+")) {
            time.advance(Duration.ofMillis(Long.parseLong(last)));
        }
        if (status == 0) {
            thrown.incrementAndGet();
            throw new IOException("handler failed");
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private int get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        try {
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits until the server has finished {@code count} exchanges, filters included. */
    private void awaitExchanges(int count) throws InterruptedException {
        assertThat(finished.tryAcquire(count, 10, TimeUnit.SECONDS))
                .as("exchanges finished")
                .isTrue();
    }

    @Test
    void recordsEachRouteInItsOwnTrackerAndLeavesOtherRoutesAlone() throws Exception {
        SloTracker checkout = tracker("checkout", Sli.requestRatio());
        SloTracker cart = tracker("cart", Sli.requestRatio());
        SloHttpFilter filter = SloHttpFilter.builder(time)
                .route("/checkout", checkout)
                .route("/cart", cart)
                .build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String path : new String[] {"/checkout", "/cart", "/health"}) {
            server.createContext(path, this::reply).getFilters().addAll(List.of(done, filter));
        }
        server.start();

        assertThat(get("/checkout")).isEqualTo(200);
        assertThat(get("/checkout/items/1?404")).isEqualTo(404); // same route (context), client error: good
        assertThat(get("/checkout?503")).isEqualTo(503);
        assertThat(get("/checkout?0")).isEqualTo(-1); // handler threw: bad
        assertThat(get("/cart?500")).isEqualTo(500);
        assertThat(get("/health?500")).isEqualTo(500); // no tracker: not recorded
        awaitExchanges(5 + thrown.get()); // the throwing GET may have been sent twice

        assertThat(checkout.totalGood()).isEqualTo(2);
        // the JDK client may resend a GET whose connection closed without a response: each try is an exchange
        assertThat(thrown.get()).isPositive();
        assertThat(checkout.totalBad()).isEqualTo(1 + thrown.get());
        assertThat(cart.totalGood()).isZero();
        assertThat(cart.totalBad()).isEqualTo(1);
    }

    @Test
    void judgesLatencyWithTheInjectedClock() throws Exception {
        SloTracker fast = tracker("fast", Sli.latency(Duration.ofMillis(100)));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q", this::reply)
                .getFilters()
                .addAll(List.of(
                        done, SloHttpFilter.builder(time).route("/q", fast).build()));
        server.start();

        get("/q/100"); // exactly the threshold: good
        get("/q/101"); // slow: bad
        get("/q/5?500"); // fast but failed: bad
        awaitExchanges(3);

        assertThat(fast.totalGood()).isEqualTo(1);
        assertThat(fast.totalBad()).isEqualTo(2);
    }

    @Test
    void rejectsBadRoutes() {
        SloTracker t = tracker("t", Sli.requestRatio());
        assertThatThrownBy(() -> SloHttpFilter.builder(time).route("checkout", t))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'checkout'");
        assertThatThrownBy(() -> SloHttpFilter.builder(time).route("/a", t).route("/a", t))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/a'");
        assertThatThrownBy(() -> SloHttpFilter.builder(time).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("routes");
    }
}
