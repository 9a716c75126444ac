package dev.nines.examples.health;

import dev.nines.core.health.HealthJson;
import dev.nines.slo.escalation.Page;
import dev.nines.slo.escalation.PageListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link PageListener} that posts each page as a JSON object to a webhook (a chat room, a pager
 * service's event API). A non-2xx answer or an I/O error throws, so the escalator pages the next
 * level.
 */
public final class WebhookPager implements PageListener {

    private final URI uri;
    private final HttpClient client;

    /**
     * Creates a pager posting to {@code uri}.
     *
     * @param uri the webhook
     */
    public WebhookPager(URI uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Returns the JSON body posted for {@code page}.
     *
     * @param page the page
     * @return one JSON object
     */
    public static String toJson(Page page) {
        return "{\"incident\":" + HealthJson.quote(page.incidentId()) + ",\"service\":"
                + HealthJson.quote(page.service())
                + ",\"severity\":" + HealthJson.quote(page.severity()) + ",\"level\":" + page.level() + ",\"round\":"
                + page.round() + ",\"recipient\":" + HealthJson.quote(page.recipient()) + ",\"reason\":"
                + HealthJson.quote(page.reason().name()) + ",\"at\":"
                + HealthJson.quote(page.at().toString()) + "}";
    }

    @Override
    public void deliver(Page page) throws IOException, InterruptedException {
        HttpResponse<Void> response = client.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(toJson(page)))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "webhook " + uri + " answered " + response.statusCode() + " to the page of " + page.incidentId());
        }
    }
}
