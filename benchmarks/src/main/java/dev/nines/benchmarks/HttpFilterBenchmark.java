package dev.nines.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.http.SloHttpFilter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
}
