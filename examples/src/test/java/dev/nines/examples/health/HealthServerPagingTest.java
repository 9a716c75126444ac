package dev.nines.examples.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health-server example pages an incident by posting JSON to a webhook on loopback. */
class HealthServerPagingTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private HttpServer webhook;
    private HealthServerExample server;

    @BeforeEach
    void start() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/pages", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(exchange.getRequestMethod() + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        URI uri = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/pages");
        server = HealthServerExample.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), uri);
        server.finishWarmUp();
    }

    @AfterEach
    void stop() {
        server.close();
        webhook.stop(0);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPaymentOutagePagesTheOnCallAsJsonOnTheWebhookAndRecordsTheIncident() throws Exception {
        assertThat(send("POST", "/admin/payments/outage").statusCode()).isEqualTo(200);

        // The page leaves on the example's scheduler thread: wait for it (real HTTP, bounded).
        String page = received.poll(30, TimeUnit.SECONDS);
        assertThat(page).isNotNull();
        assertThat(page)
                .startsWith("POST application/json {\"incident\":\"INC-1\",\"service\":\"payments\"")
                .contains("\"level\":1,\"round\":0,\"recipient\":\"on-call\",\"reason\":\"OPENED\"");

        HttpResponse<String> timeline = send("GET", "/incidents");
        assertThat(timeline.statusCode()).isEqualTo(200);
        assertThat(timeline.body())
                .contains("\"incident\":\"INC-1\"")
                .contains("\"kind\":\"OPENED\"")
                .contains("breaker payment-provider CLOSED -> FORCED_OPEN");
        assertThat(send("POST", "/admin/incidents/ack?id=INC-1").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/admin/incidents/ack?id=INC-1").statusCode()).isEqualTo(409);
        assertThat(server.incidents().incident("INC-1").orElseThrow().acknowledged())
                .isPresent();
        assertThat(received).isEmpty(); // level 2 only after 5 minutes without acknowledgement
    }
}
