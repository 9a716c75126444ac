package dev.nines.examples.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthServerExampleTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private HealthServerExample server;

    @BeforeEach
    void start() throws IOException {
        server = HealthServerExample.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startupProbeFailsUntilTheCacheIsWarmThenPasses() throws Exception {
        HttpResponse<String> starting = get("/startupz");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.body()).contains("\"cache-warm\"").contains("warming up");

        server.finishWarmUp();

        HttpResponse<String> started = get("/startupz");
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).startsWith("{\"status\":\"UP\"");
    }

    private HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAdminEndpointSimulatesAPaymentOutageSoThatReadinessAnswers503OverHttp() throws Exception {
        server.finishWarmUp();
        assertThat(get("/readyz").statusCode()).isEqualTo(200);

        HttpResponse<String> outage = post("/admin/payments/outage");
        assertThat(outage.statusCode()).isEqualTo(200);
        assertThat(outage.body()).contains("503");
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).contains("\"status\":\"OUT_OF_SERVICE\"");
        assertThat(get("/checkout").statusCode()).isEqualTo(503);
        assertThat(get("/livez").statusCode()).isEqualTo(200);

        assertThat(post("/admin/payments/recover").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(get("/checkout").statusCode()).isEqualTo(200);
    }

    @Test
    void adminEndpointsTakePostOnly() throws Exception {
        HttpResponse<String> viaGet = get("/admin/payments/outage");
        assertThat(viaGet.statusCode()).isEqualTo(405);
        assertThat(viaGet.headers().firstValue("Allow")).hasValue("POST");
        server.finishWarmUp();
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void livenessIsUpWhateverTheDependenciesDo() throws Exception {
        server.paymentBreaker().transitionToForcedOpenState();

        HttpResponse<String> live = get("/livez");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void readinessTurnsUnavailableWhileThePaymentBreakerIsOpen() throws Exception {
        server.finishWarmUp();
        assertThat(get("/readyz").statusCode()).isEqualTo(200);

        server.paymentBreaker().transitionToForcedOpenState();
        HttpResponse<String> open = get("/readyz");

        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(open.body()).contains("\"status\":\"OUT_OF_SERVICE\"").contains("\"payment-breaker\"");

        server.paymentBreaker().transitionToClosedState();
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void checkoutsCountTowardsTheSloAndFailFastWhileTheBreakerIsOpen() throws Exception {
        assertThat(get("/checkout").statusCode()).isEqualTo(200);
        assertThat(get("/checkout").statusCode()).isEqualTo(200);
        server.paymentBreaker().transitionToForcedOpenState();
        assertThat(get("/checkout").statusCode()).isEqualTo(503);
        // The SLO filter records once the handler has returned, which can be just after the client has
        // its response: wait (bounded, no sleep) until the server has recorded the three exchanges.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (server.checkoutSlo().totalGood() + server.checkoutSlo().totalBad() < 3 && System.nanoTime() < deadline) {
            Thread.yield();
        }

        assertThat(server.checkoutSlo().totalGood()).isEqualTo(2);
        assertThat(server.checkoutSlo().totalBad()).isEqualTo(1);
        String scrape = get("/metrics").body();
        assertThat(scrape)
                .contains("nines_slo_events_total{kind=\"good\",slo=\"checkout-availability\"} 2.0")
                .contains("nines_slo_events_total{kind=\"bad\",slo=\"checkout-availability\"} 1.0")
                .contains("nines_slo_budget_remaining_ratio{slo=\"checkout-availability\"}")
                .contains("nines_slo_burn_rate{slo=\"checkout-availability\",window=\"5m\"}");
    }

    @Test
    void prometheusEndpointServesTheBreakerAndHealthMeters() throws Exception {
        server.paymentBreaker().transitionToOpenState();

        HttpResponse<String> scrape = get("/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(scrape.body())
                .contains("nines_circuitbreaker_state{name=\"payment-provider\",state=\"open\"} 1.0")
                .contains("nines_circuitbreaker_state{name=\"payment-provider\",state=\"closed\"} 0.0")
                .contains("nines_health");
    }
}
