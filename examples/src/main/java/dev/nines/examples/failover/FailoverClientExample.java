package dev.nines.examples.failover;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.client.Endpoint;
import dev.nines.failover.client.EndpointOutcome;
import dev.nines.failover.client.EndpointRouter;
import dev.nines.failover.client.OutlierDetection;
import dev.nines.failover.client.WorkKind;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.http.ResilientHttpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Embedding example: a client that spreads idempotent price lookups over two local HTTP backends
 * with the failover module's {@link EndpointRouter}, and keeps answering when one backend stops.
 *
 * <p>A call routed to a stopped backend fails to connect; the router records the failure on that
 * endpoint's circuit breaker and, the work being idempotent, retries it once on the other backend,
 * so the caller sees no error. A health probe ({@link #probe()}) then marks the stopped backend
 * down, and no further call is routed to it. Outlier detection does the same from the calls alone:
 * two refused connections in a row (gateway failures, as the classifier says) eject the stopped
 * backend at once, before any probe, and {@link #probe()} also runs the outlier analysis that returns
 * an ejected backend once its ejection time is up. Run it with {@code java -cp
 * examples/target/nines-demo.jar dev.nines.examples.failover.FailoverClientExample}.
 */
public final class FailoverClientExample implements AutoCloseable {

    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // Client SLI of every backend call; the router fails over between backends, so no retry here,
    // only a time limit per attempt.
    private final SloTracker clientSlo =
            SloTracker.create(Slo.builder("prices-client").objective(0.99).build(), TimeSource.system());
    private final ResilientHttpClient client = ResilientHttpClient.builder(http, TimeSource.system())
            .attemptTimeout(Duration.ofSeconds(5))
            .tracker(clientSlo)
            .build();
    private final EndpointRouter router;

    private FailoverClientExample(long seed) throws IOException {
        for (String id : new String[] {"eu-1", "eu-2"}) {
            backends.put(id, Backend.start(id));
        }
        router = EndpointRouter.builder("prices", TimeSource.system())
                .endpoint(new Endpoint("eu-1", 1))
                .endpoint(new Endpoint("eu-2", 1))
                .breakerConfig(CircuitBreakerConfig.builder()
                        .slidingWindow(10, 3, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(30))
                        .build())
                .outlierDetection(OutlierDetection.builder()
                        .classifier(FailoverClientExample::classify)
                        .consecutiveGatewayFailures(2)
                        .maxEjectionRatio(0.5) // one of the two backends at most
                        .build())
                .random(new SplittableRandom(seed))
                .build();
    }

    /** Refused connections are gateway failures; any other failure is the backend's. */
    private static EndpointOutcome classify(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof ConnectException) {
                return EndpointOutcome.GATEWAY_FAILURE;
            }
        }
        return EndpointOutcome.FAILURE;
    }

    /**
     * Starts two backends on loopback ports chosen by the system and a router over them.
     *
     * @param seed seeds the router's weighted choice, for repeatable runs
     * @return the running example
     * @throws IOException if a backend cannot start
     */
    public static FailoverClientExample start(long seed) throws IOException {
        return new FailoverClientExample(seed);
    }

    /**
     * Runs the example: ten lookups, one backend stopped, ten more lookups.
     *
     * @param args ignored
     * @throws Exception if a lookup fails
     */
    public static void main(String[] args) throws Exception {
        try (FailoverClientExample example = start(1)) {
            for (int i = 0; i < 10; i++) {
                System.out.println("price of sku-" + i + ": " + example.price("sku-" + i));
            }
            System.out.println("stopping eu-1");
            example.stopBackend("eu-1");
            for (int i = 10; i < 20; i++) {
                System.out.println("price of sku-" + i + ": " + example.price("sku-" + i));
                if (i == 12) {
                    example.probe();
                    System.out.println(
                            "probe: eu-1 in rotation " + example.router().isInRotation("eu-1") + ", ejected "
                                    + example.router().isEjected("eu-1"));
                }
            }
            System.out.println("served: eu-1 " + example.served("eu-1") + ", eu-2 " + example.served("eu-2"));
        }
    }

    /**
     * Looks up a price on whichever backend the router picks, failing over once if it is unreachable.
     *
     * @param sku the item
     * @return the answer, {@code "<backend>:<sku>:<price>"}
     * @throws Exception if no backend answered
     */
    public String price(String sku) throws Exception {
        Objects.requireNonNull(sku, "sku");
        return router.execute(
                WorkKind.IDEMPOTENT, endpoint -> get(backend(endpoint.id()).uri("/price?sku=" + sku)));
    }

    /**
     * Probes each backend's {@code /healthz} and marks it up or down in the router, then runs the
     * router's outlier analysis (a real service would schedule it; see
     * {@link EndpointRouter#scheduleOutlierAnalysis}).
     */
    public void probe() {
        router.analyzeOutliers();
        for (Backend backend : backends.values()) {
            boolean up;
            try {
                up = get(backend.uri("/healthz")).equals("ok");
            } catch (IOException e) {
                up = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (up) {
                router.markUp(backend.id);
            } else {
                router.markDown(backend.id);
            }
        }
    }

    private Backend backend(String id) {
        Backend backend = backends.get(id);
        if (backend == null) {
            throw new IllegalArgumentException("backend must be one of " + backends.keySet() + ", was '" + id + "'");
        }
        return backend;
    }

    /**
     * Stops a backend, as a crash would.
     *
     * @param id {@code "eu-1"} or {@code "eu-2"}
     */
    public void stopBackend(String id) {
        backend(id).close();
    }

    /**
     * Returns the router.
     *
     * @return the router
     */
    public EndpointRouter router() {
        return router;
    }

    /**
     * Returns how many price lookups a backend has answered.
     *
     * @param id the backend
     * @return the count
     */
    public int served(String id) {
        return backend(id).served.get();
    }

    /**
     * Returns the client SLI: one event per backend call (price lookups and probes).
     *
     * @return the tracker
     */
    public SloTracker clientSlo() {
        return clientSlo;
    }

    /** Stops both backends. */
    @Override
    public void close() {
        for (Backend backend : backends.values()) {
            backend.close();
        }
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** A tiny price service. */
    private static final class Backend implements AutoCloseable {
        final String id;
        final HttpServer server;
        final ExecutorService threads;
        final AtomicInteger served = new AtomicInteger();
        private boolean stopped;

        private Backend(String id) throws IOException {
            this.id = id;
            threads = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "backend-" + id);
                t.setDaemon(true);
                return t;
            });
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(threads);
            server.createContext("/healthz", exchange -> respond(exchange, "ok"));
            server.createContext("/price", exchange -> {
                served.incrementAndGet();
                String query = exchange.getRequestURI().getQuery();
                String sku = query == null ? "" : query.replace("sku=", "");
                respond(exchange, id + ":" + sku + ":" + (100 + Math.floorMod(sku.hashCode(), 900)) / 10.0);
            });
            server.start();
        }

        static Backend start(String id) throws IOException {
            return new Backend(id);
        }

        URI uri(String pathAndQuery) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
        }

        @Override
        public synchronized void close() {
            if (!stopped) {
                stopped = true;
                server.stop(0);
                threads.shutdownNow();
            }
        }

        private static void respond(HttpExchange exchange, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
