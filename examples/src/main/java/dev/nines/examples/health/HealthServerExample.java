package dev.nines.examples.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nines.core.circuitbreaker.CallNotPermittedException;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.health.CapabilityChecks;
import dev.nines.core.health.HealthGroupConfig;
import dev.nines.core.health.HealthGroupResult;
import dev.nines.core.health.HealthJson;
import dev.nines.core.health.HealthRegistry;
import dev.nines.core.health.HealthResult;
import dev.nines.core.health.HttpStatusMapping;
import dev.nines.core.micrometer.CircuitBreakerMetrics;
import dev.nines.core.micrometer.HealthMetrics;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.escalation.EscalationPolicy;
import dev.nines.slo.escalation.EscalationTarget;
import dev.nines.slo.escalation.Escalator;
import dev.nines.slo.http.SloHttpFilter;
import dev.nines.slo.incident.IncidentRecorder;
import dev.nines.slo.micrometer.SloMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Embedding example: a JDK {@link HttpServer} that serves Kubernetes-style probes
 * ({@code /livez}, {@code /readyz}, {@code /startupz}) from a {@link HealthRegistry}, a
 * {@code /checkout} endpoint guarded by a circuit breaker and counted by an SLO tracker, and a
 * Prometheus scrape endpoint ({@code /metrics}) with the breaker's, the health registry's and the
 * SLO's meters (error budget, compliance, burn rates over the SRE Workbook windows).
 *
 * <p>Each probe evaluates its group, renders it with {@link HealthJson} and answers with the status
 * code of {@link HttpStatusMapping#defaults()}: 200 for {@code UP} and {@code DEGRADED}, 503 for
 * {@code DOWN} and {@code OUT_OF_SERVICE}. Readiness includes the payment breaker, so an open
 * breaker takes the instance out of the load balancer. Startup waits for the (simulated) cache
 * warm-up. Run it with {@code java -cp examples/target/nines-demo.jar
 * dev.nines.examples.health.HealthServerExample [port] [--payments-down]} and open
 * {@code http://localhost:8080/readyz}.
 *
 * <p>To see a 503: {@code curl -X POST http://localhost:8080/admin/payments/outage} forces the payment
 * breaker open (a payment provider outage), after which {@code /readyz} and {@code /checkout} answer
 * 503 while {@code /livez} stays 200; {@code curl -X POST http://localhost:8080/admin/payments/recover}
 * closes it again. {@code --payments-down} starts with the outage. The admin endpoints take POST only
 * (405 otherwise), and, like the rest of the example, listen on the loopback interface only.
 *
 * <p>An {@link IncidentRecorder} follows the payment breaker: an outage opens an incident, whose
 * timeline {@code GET /incidents} returns as JSON lines. With {@code --page-webhook URL} an
 * {@link Escalator} pages it: level 1 ({@code on-call}) at once, level 2 ({@code payments-lead}) if
 * nobody acknowledges within 5 minutes ({@code POST /admin/incidents/ack?id=INC-1} acknowledges),
 * each page posted as JSON to the webhook by a {@link WebhookPager}, on the example's scheduler.
 */
public final class HealthServerExample implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService checkThreads;
    private final HealthRegistry health;
    private final HealthMetrics healthMetrics;
    private final PrometheusMeterRegistry prometheus;
    private final CircuitBreaker paymentBreaker;
    private final SloTracker checkoutSlo;
    private final AtomicBoolean cacheWarm = new AtomicBoolean();
    private final IncidentRecorder incidents;

    private HealthServerExample(InetSocketAddress address, @Nullable URI pageWebhook) throws IOException {
        TimeSource time = TimeSource.system();
        paymentBreaker = CircuitBreaker.of("payment-provider", CircuitBreakerConfig.ofDefaults(), time);
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("health-timeouts"));
        checkThreads = Executors.newFixedThreadPool(2, daemon("health-checks"));
        health = HealthRegistry.builder(time, scheduler, checkThreads)
                .register("payment-breaker", CapabilityChecks.circuitBreaker("payments", paymentBreaker::state))
                .register("cache-warm", () -> cacheWarm.get() ? HealthResult.up() : HealthResult.down("warming up"))
                .group(HealthGroupConfig.builder(HealthGroupConfig.STARTUP)
                        .include("cache-warm")
                        .build())
                .build();

        checkoutSlo = SloTracker.create(
                Slo.builder("checkout-availability").objective(0.999).build(), time);

        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CircuitBreakerMetrics.of(paymentBreaker).bindTo(prometheus);
        SloMetrics.of(checkoutSlo).bindTo(prometheus);
        healthMetrics = HealthMetrics.of(health);
        healthMetrics.bindTo(prometheus);

        incidents = IncidentRecorder.builder(time).build();
        incidents.subscribe(paymentBreaker, "payments");
        if (pageWebhook != null) {
            EscalationPolicy policy = EscalationPolicy.builder()
                    .level(Duration.ofMinutes(5), EscalationTarget.person("on-call"))
                    .level(Duration.ofMinutes(15), EscalationTarget.person("payments-lead"))
                    .repeats(1)
                    .build();
            Escalator.create(policy, new WebhookPager(pageWebhook), time, scheduler)
                    .attach(incidents);
        }

        httpThreads = Executors.newFixedThreadPool(2, daemon("http"));
        server = HttpServer.create(address, 0);
        server.setExecutor(httpThreads);
        server.createContext("/livez", exchange -> probe(exchange, HealthGroupConfig.LIVENESS));
        server.createContext("/readyz", exchange -> probe(exchange, HealthGroupConfig.READINESS));
        server.createContext("/startupz", exchange -> probe(exchange, HealthGroupConfig.STARTUP));
        // The filter records the checkout SLO per exchange: a 5xx (or a handler that throws) is bad.
        server.createContext("/checkout", this::checkout)
                .getFilters()
                .add(SloHttpFilter.builder(time).route("/checkout", checkoutSlo).build());
        server.createContext("/admin/payments/outage", exchange -> admin(exchange, true));
        server.createContext("/admin/payments/recover", exchange -> admin(exchange, false));
        server.createContext("/incidents", this::incidentTimelines);
        server.createContext("/admin/incidents/ack", this::acknowledge);
        server.createContext(
                "/metrics",
                exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape()));
        server.start();
    }

    /**
     * Starts the server on {@code address}; port 0 lets the system choose a free port.
     *
     * @param address where to listen
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static HealthServerExample start(InetSocketAddress address) throws IOException {
        return new HealthServerExample(address, null);
    }

    /**
     * Starts the server on {@code address}, paging the incidents of the payment breaker to
     * {@code pageWebhook} (JSON posted by a {@link WebhookPager}).
     *
     * @param address where to listen
     * @param pageWebhook where pages are posted
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static HealthServerExample start(InetSocketAddress address, URI pageWebhook) throws IOException {
        return new HealthServerExample(address, java.util.Objects.requireNonNull(pageWebhook, "pageWebhook"));
    }

    /**
     * Returns the recorder of the payment breaker's incidents.
     *
     * @return the recorder
     */
    public IncidentRecorder incidents() {
        return incidents;
    }

    /**
     * Runs the server until the process is stopped.
     *
     * @param args an optional port (default 8080)
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = 8080;
        boolean paymentsDown = false;
        URI webhook = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--payments-down")) {
                paymentsDown = true;
            } else if (arg.equals("--page-webhook") && i + 1 < args.length) {
                webhook = URI.create(args[++i]);
            } else if (arg.matches("\\d{1,5}")) {
                port = Integer.parseInt(arg);
            } else {
                System.err.println("usage: HealthServerExample [port] [--payments-down] [--page-webhook URL]; "
                        + "unknown argument: " + arg);
                System.exit(2);
            }
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        HealthServerExample example = webhook == null ? start(address) : start(address, webhook);
        example.finishWarmUp();
        if (paymentsDown) {
            example.paymentOutage(true);
        }
        String base = "http://localhost:" + example.port();
        System.out.println("Serving " + base + "/livez, /readyz, /startupz, /checkout and /metrics; Ctrl-C to stop");
        System.out.println(
                "Payment provider " + (paymentsDown ? "DOWN: /readyz and /checkout answer 503" : "up") + ". Try:");
        System.out.println(
                "  curl -i -X POST " + base + "/admin/payments/outage    # breaker forced open: /readyz answers 503");
        System.out.println("  curl -i " + base + "/readyz");
        System.out.println(
                "  curl -i -X POST " + base + "/admin/payments/recover   # breaker closed: /readyz answers 200");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            example.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Returns the circuit breaker around the payment provider, whose state readiness reports.
     *
     * @return the breaker
     */
    public CircuitBreaker paymentBreaker() {
        return paymentBreaker;
    }

    /**
     * Simulates a payment provider outage, or its end: forces the payment breaker open, which takes the
     * instance out of readiness (503) and fails checkouts fast, or closes it. What
     * {@code POST /admin/payments/outage} and {@code /admin/payments/recover} do.
     *
     * @param down true to start the outage, false to end it
     */
    public void paymentOutage(boolean down) {
        if (down) {
            paymentBreaker.transitionToForcedOpenState();
        } else {
            paymentBreaker.transitionToClosedState();
        }
    }

    /** Marks the cache as warm, which completes startup. */
    public void finishWarmUp() {
        cacheWarm.set(true);
    }

    /** Stops the server and the registry's threads. */
    @Override
    public void close() {
        server.stop(0);
        healthMetrics.close();
        health.close();
        httpThreads.shutdownNow();
        checkThreads.shutdownNow();
        scheduler.shutdownNow();
        prometheus.close();
    }

    /**
     * Returns the SLO tracker that counts checkouts.
     *
     * @return the tracker
     */
    public SloTracker checkoutSlo() {
        return checkoutSlo;
    }

    private void checkout(HttpExchange exchange) throws IOException {
        try {
            String auth = paymentBreaker.executeSupplier(() -> "authorised"); // the payment call
            respond(exchange, 200, "text/plain; charset=utf-8", auth);
        } catch (CallNotPermittedException e) {
            respond(exchange, 503, "text/plain; charset=utf-8", "payments unavailable");
        }
    }

    private void incidentTimelines(HttpExchange exchange) throws IOException {
        StringWriter lines = new StringWriter();
        incidents.writeJsonLines(lines);
        respond(exchange, 200, "application/x-ndjson", lines.toString());
    }

    private void acknowledge(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        if (!exchange.getRequestMethod().equals("POST") || query == null || !query.startsWith("id=")) {
            respond(exchange, 400, "text/plain; charset=utf-8", "use POST /admin/incidents/ack?id=INC-1\n");
            return;
        }
        try {
            incidents.acknowledge(query.substring(3), "on-call");
            respond(exchange, 200, "text/plain; charset=utf-8", "acknowledged\n");
        } catch (IllegalArgumentException e) {
            respond(exchange, 409, "text/plain; charset=utf-8", e.getMessage() + "\n");
        }
    }

    private void admin(HttpExchange exchange, boolean down) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            respond(exchange, 405, "text/plain; charset=utf-8", "use POST\n");
            return;
        }
        paymentOutage(down);
        respond(
                exchange,
                200,
                "text/plain; charset=utf-8",
                down
                        ? "payment breaker forced open: /readyz and /checkout now answer 503\n"
                        : "payment breaker closed: /readyz answers 200 again\n");
    }

    private void probe(HttpExchange exchange, String group) throws IOException {
        HealthGroupResult result = health.evaluate(group);
        respond(
                exchange,
                HttpStatusMapping.defaults().statusCode(result.status()),
                "application/json",
                HealthJson.render(result));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
