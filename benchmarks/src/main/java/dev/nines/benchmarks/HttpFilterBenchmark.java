package dev.nines.benchmarks;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.http.SloHttpFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Overhead per request of {@link SloHttpFilter}: a GET over loopback to a JDK {@code HttpServer}
 * context that replies 204, with the filter ({@code nines}) and without ({@code noFilter}), on the
 * same server and client.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpFilterBenchmark {

    /** One loopback server with a filtered and an unfiltered context, and one client. */
    @State(Scope.Benchmark)
    public static class Server {
        HttpServer server;
        HttpClient client;
        HttpRequest filtered;
        HttpRequest plain;

        /** Starts the server. */
        @Setup(Level.Trial)
        public void start() throws IOException {
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1}); // the URIs below say 127.0.0.1
            server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);

            SloTracker tracker = SloTracker.create(
                    Slo.builder("checkout")
                            .objective(0.999)
                            .window(SloWindow.rolling(Duration.ofDays(30)))
                            .build(),
                    TimeSource.system());
            SloHttpFilter filter = SloHttpFilter.builder(TimeSource.system())
                    .route("/checkout", tracker)
                    .build();
            server.createContext("/checkout", HttpFilterBenchmark::reply)
                    .getFilters()
                    .add(filter);
            server.createContext("/plain", HttpFilterBenchmark::reply);
            server.start();
            client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            filtered = HttpRequest.newBuilder(URI.create(base + "/checkout")).build();
            plain = HttpRequest.newBuilder(URI.create(base + "/plain")).build();
        }

        /** Stops the server. */
        @TearDown(Level.Trial)
        public void stop() {
            server.stop(0);
        }
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /** Nines: a request through the SLO filter. */
    @Benchmark
    public int nines_request(Server s) throws IOException, InterruptedException {
        return s.client.send(s.filtered, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Peer: the same request with no filter. */
    @Benchmark
    public int noFilter_request(Server s) throws IOException, InterruptedException {
        return s.client.send(s.plain, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * The filter without the network: one in-process exchange passed down a {@link Filter.Chain}
     * (a new chain per request, as the JDK server makes one), with and without the filter, to
     * measure what the filter itself adds per request.
     */
    @State(Scope.Thread)
    public static class InProcess {
        final StubExchange exchange = new StubExchange();
        final List<Filter> withFilter;
        final List<Filter> withoutFilter = List.of();
        final List<Filter> withEmptyFilter = List.of(new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                chain.doFilter(exchange);
            }

            @Override
            public String description() {
                return "passes the exchange on";
            }
        });
        final HttpHandler handler = e -> ((StubExchange) e).status = 200;

        /** Builds the filter over a tracker. */
        public InProcess() {
            SloTracker tracker = SloTracker.create(
                    Slo.builder("checkout")
                            .objective(0.999)
                            .window(SloWindow.rolling(Duration.ofDays(30)))
                            .build(),
                    TimeSource.system());
            withFilter = List.of(SloHttpFilter.builder(TimeSource.system())
                    .route("/checkout", tracker)
                    .build());
        }
    }

    /** Nines: one in-process exchange through the SLO filter. */
    @Benchmark
    public int nines_inProcess(InProcess s) throws IOException {
        new Filter.Chain(s.withFilter, s.handler).doFilter(s.exchange);
        return s.exchange.status;
    }

    /** Peer: the same in-process exchange with no filter. */
    @Benchmark
    public int noFilter_inProcess(InProcess s) throws IOException {
        new Filter.Chain(s.withoutFilter, s.handler).doFilter(s.exchange);
        return s.exchange.status;
    }

    /** Peer: the same in-process exchange through a filter that only passes it on. */
    @Benchmark
    public int emptyFilter_inProcess(InProcess s) throws IOException {
        new Filter.Chain(s.withEmptyFilter, s.handler).doFilter(s.exchange);
        return s.exchange.status;
    }

    /** An exchange that only knows its context path and response code. */
    static final class StubExchange extends HttpExchange {
        int status = -1;
        private final HttpContext context = new StubContext();

        @Override
        public Headers getRequestHeaders() {
            return new Headers();
        }

        @Override
        public Headers getResponseHeaders() {
            return new Headers();
        }

        @Override
        public URI getRequestURI() {
            return URI.create("/checkout");
        }

        @Override
        public String getRequestMethod() {
            return "GET";
        }

        @Override
        public HttpContext getHttpContext() {
            return context;
        }

        @Override
        public void close() {}

        @Override
        public InputStream getRequestBody() {
            return InputStream.nullInputStream();
        }

        @Override
        public OutputStream getResponseBody() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) {
            status = rCode;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 2);
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public @Nullable Object getAttribute(String name) {
            return null;
        }

        @Override
        public void setAttribute(String name, Object value) {}

        @Override
        public void setStreams(InputStream i, OutputStream o) {}

        @Override
        public @Nullable HttpPrincipal getPrincipal() {
            return null;
        }
    }

    /** A context that only knows its path. */
    static final class StubContext extends HttpContext {
        @Override
        public @Nullable HttpHandler getHandler() {
            return null;
        }

        @Override
        public void setHandler(HttpHandler handler) {}

        @Override
        public String getPath() {
            return "/checkout";
        }

        @Override
        public HttpServer getServer() {
            throw new UnsupportedOperationException("no server in process");
        }

        @Override
        public Map<String, Object> getAttributes() {
            return Map.of();
        }

        @Override
        public List<Filter> getFilters() {
            return List.of();
        }

        @Override
        public @Nullable Authenticator setAuthenticator(Authenticator auth) {
            return null;
        }

        @Override
        public @Nullable Authenticator getAuthenticator() {
            return null;
        }
    }
}
