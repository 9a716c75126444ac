package dev.nines.benchmarks;

import com.google.common.base.Ticker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.client.Endpoint;
import dev.nines.failover.client.EndpointRouter;
import dev.nines.failover.client.OutlierDetection;
import dev.nines.failover.client.Route;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.ChannelLogger;
import io.grpc.ClientStreamTracer;
import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.grpc.util.GracefulSwitchLoadBalancer;
import io.grpc.util.OutlierDetectionLoadBalancer;
import io.grpc.util.OutlierDetectionLoadBalancer.OutlierDetectionLoadBalancerConfig;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-call cost of {@link EndpointRouter}'s outlier detection ({@code nines}: every detector on,
 * latency included) against the same router without it ({@code noDetection}), and a routed call
 * against the one JVM peer with the feature, grpc-java's {@link OutlierDetectionLoadBalancer}
 * ({@code grpc}: a pick through its picker plus the stream tracer that counts the call's outcome;
 * {@code grpcNoDetection}: the same child picker alone).
 *
 * <p>Cases: the recording of one outcome on a held route ({@code record}, {@code recordError};
 * uncontended, and from 4 threads on one endpoint), and a whole routed call
 * ({@code routeAndRecord}). Breakers ignore every failure in both routers, and the
 * consecutive-failure detectors are off, so nothing is ejected while measuring and what differs is
 * the detector's recording alone. No analysis runs (it is periodic, off the call path). gRPC's
 * subchannels are stand-ins that report READY at once: its picker and tracer run for real, no
 * transport does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OutlierDetectionBenchmark {

    // One failure shared by every call: the benchmark measures the detector, not exception allocation.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    private static final IllegalStateException FAILURE = new IllegalStateException("500");

    private static final int ENDPOINTS = 8;

    /** Two routers over 8 endpoints, one with outlier detection, and one held route from each. */
    @State(Scope.Benchmark)
    public static class Routers {
        EndpointRouter withDetection;
        EndpointRouter without;
        Route detectedRoute;
        Route plainRoute;

        /** Builds the routers and takes one route from each. */
        @Setup
        public void setUp() {
            withDetection = router(OutlierDetection.builder()
                    .consecutiveFailures(0)
                    .consecutiveGatewayFailures(0)
                    .failurePercentageEnabled(true)
                    .latencyEnabled(true)
                    .build());
            without = router(null);
            detectedRoute = withDetection.route();
            plainRoute = without.route();
        }

        private static EndpointRouter router(@Nullable OutlierDetection detection) {

            EndpointRouter.Builder builder = EndpointRouter.builder("bench", TimeSource.system())
                    .breakerConfig(CircuitBreakerConfig.builder()
                            .ignoreException(e -> true)
                            .build());
            for (int i = 0; i < ENDPOINTS; i++) {
                builder.endpoint(Endpoint.of("e" + i));
            }
            if (detection != null) {
                builder.outlierDetection(detection);
            }
            return builder.build();
        }
    }

    /**
     * grpc-java's outlier detection over 8 stand-in subchannels (success rate and failure percentage
     * on), its child picker alone, and what a pick needs.
     */
    @State(Scope.Benchmark)
    public static class Grpc {
        LoadBalancer.SubchannelPicker detectionPicker;
        LoadBalancer.SubchannelPicker childPicker;
        final LoadBalancer.PickSubchannelArgs args = new PickArgs();
        final ClientStreamTracer.StreamInfo info =
                ClientStreamTracer.StreamInfo.newBuilder().build();
        final Metadata headers = new Metadata();

        /** Builds the balancer and takes its picker. */
        @Setup
        public void setUp() {
            // A manual scheduler: the balancer's detection timer is never run while measuring.
            ManualScheduler scheduler = ManualScheduler.of(ManualTimeSource.at(Instant.EPOCH));
            StandInHelper helper = new StandInHelper(scheduler);
            OutlierDetectionLoadBalancer balancer = new OutlierDetectionLoadBalancer(helper, Ticker.systemTicker());
            LoadBalancer.Factory child = new LoadBalancer.Factory() {
                @Override
                public LoadBalancer newLoadBalancer(LoadBalancer.Helper childHelper) {
                    return new RandomChild(childHelper);
                }
            };
            OutlierDetectionLoadBalancerConfig config = new OutlierDetectionLoadBalancerConfig.Builder()
                    .setSuccessRateEjection(
                            new OutlierDetectionLoadBalancerConfig.SuccessRateEjection.Builder().build())
                    .setFailurePercentageEjection(
                            new OutlierDetectionLoadBalancerConfig.FailurePercentageEjection.Builder().build())
                    .setChildConfig(GracefulSwitchLoadBalancer.createLoadBalancingPolicyConfig(child, null))
                    .build();
            List<EquivalentAddressGroup> addresses = new ArrayList<>();
            for (int i = 0; i < ENDPOINTS; i++) {
                addresses.add(new EquivalentAddressGroup(InetSocketAddress.createUnresolved("e" + i, 80)));
            }
            helper.sync.execute(() -> {
                Status status = balancer.acceptResolvedAddresses(LoadBalancer.ResolvedAddresses.newBuilder()
                        .setAddresses(addresses)
                        .setLoadBalancingPolicyConfig(config)
                        .build());
                if (!status.isOk()) {
                    throw new IllegalStateException("gRPC outlier detection refused the addresses: " + status);
                }
            });
            LoadBalancer.SubchannelPicker installed = helper.picker;
            if (installed == null || installed.pickSubchannel(args).getStreamTracerFactory() == null) {
                throw new IllegalStateException("gRPC outlier detection did not install its counting picker");
            }
            detectionPicker = installed;
            StandInHelper plain = new StandInHelper(scheduler);
            new RandomChild(plain)
                    .acceptResolvedAddresses(LoadBalancer.ResolvedAddresses.newBuilder()
                            .setAddresses(addresses)
                            .build());
            LoadBalancer.SubchannelPicker plainPicker = plain.picker;
            if (plainPicker == null) {
                throw new IllegalStateException("the child balancer did not install a picker");
            }
            childPicker = plainPicker;
        }
    }

    /** Records a success (and its latency) on a held route. */
    @Benchmark
    public void nines_record(Routers routers) {
        routers.detectedRoute.onSuccess();
    }

    /** The same without outlier detection: the breaker's recording only. */
    @Benchmark
    public void noDetection_record(Routers routers) {
        routers.plainRoute.onSuccess();
    }

    /** Records a failure (classified) on a held route. */
    @Benchmark
    public void nines_recordError(Routers routers) {
        routers.detectedRoute.onError(FAILURE);
    }

    /** The same without outlier detection. */
    @Benchmark
    public void noDetection_recordError(Routers routers) {
        routers.plainRoute.onError(FAILURE);
    }

    /** Records a success from 4 threads on one endpoint: the counters' contention. */
    @Benchmark
    @Threads(4)
    public void nines_recordContended(Routers routers) {
        routers.detectedRoute.onSuccess();
    }

    /** The same without outlier detection. */
    @Benchmark
    @Threads(4)
    public void noDetection_recordContended(Routers routers) {
        routers.plainRoute.onSuccess();
    }

    /** A whole routed call: choose an endpoint (skipping ejected ones), record a success. */
    @Benchmark
    public void nines_routeAndRecord(Routers routers, Blackhole blackhole) {
        Route route = routers.withDetection.route();
        route.onSuccess();
        blackhole.consume(route);
    }

    /** The same without outlier detection. */
    @Benchmark
    public void noDetection_routeAndRecord(Routers routers, Blackhole blackhole) {
        Route route = routers.without.route();
        route.onSuccess();
        blackhole.consume(route);
    }

    /** gRPC: a pick through the outlier-detection picker, and the tracer that counts a success. */
    @Benchmark
    public void grpc_routeAndRecord(Grpc grpc, Blackhole blackhole) {
        LoadBalancer.PickResult pick = grpc.detectionPicker.pickSubchannel(grpc.args);
        ClientStreamTracer.Factory factory = pick.getStreamTracerFactory();
        ClientStreamTracer tracer = factory.newClientStreamTracer(grpc.info, grpc.headers);
        tracer.streamClosed(Status.OK);
        blackhole.consume(pick);
    }

    /** gRPC without outlier detection: a pick through the child picker alone. */
    @Benchmark
    public void grpcNoDetection_routeAndRecord(Grpc grpc, Blackhole blackhole) {
        blackhole.consume(grpc.childPicker.pickSubchannel(grpc.args));
    }

    /** Pick arguments: one call with default options. */
    private static final class PickArgs extends LoadBalancer.PickSubchannelArgs {
        private final Metadata headers = new Metadata();

        @Override
        public CallOptions getCallOptions() {
            return CallOptions.DEFAULT;
        }

        @Override
        public Metadata getHeaders() {
            return headers;
        }

        @Override
        public @Nullable MethodDescriptor<?, ?> getMethodDescriptor() {
            return null;
        }
    }

    /** A channel's helper for a balancer outside a channel: stand-in subchannels, the last picker kept. */
    private static final class StandInHelper extends LoadBalancer.Helper {
        final SynchronizationContext sync = new SynchronizationContext((thread, error) -> {
            throw new IllegalStateException(error);
        });
        final ScheduledExecutorService scheduler;
        volatile LoadBalancer.@Nullable SubchannelPicker picker; // the last one the balancer installed

        StandInHelper(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public LoadBalancer.Subchannel createSubchannel(LoadBalancer.CreateSubchannelArgs args) {
            return new StandInSubchannel(args);
        }

        @Override
        public ManagedChannel createOobChannel(EquivalentAddressGroup group, String authority) {
            throw new UnsupportedOperationException("no out-of-band channels in a benchmark");
        }

        @Override
        public void updateBalancingState(ConnectivityState state, LoadBalancer.SubchannelPicker newPicker) {
            this.picker = newPicker;
        }

        @Override
        public SynchronizationContext getSynchronizationContext() {
            return sync;
        }

        @Override
        public ScheduledExecutorService getScheduledExecutorService() {
            return scheduler;
        }

        @Override
        public ChannelLogger getChannelLogger() {
            return SilentLogger.INSTANCE;
        }

        @Override
        public String getAuthority() {
            return "bench";
        }
    }

    /** A subchannel that is READY as soon as it starts; no transport behind it. */
    private static final class StandInSubchannel extends LoadBalancer.Subchannel {
        private final LoadBalancer.CreateSubchannelArgs args;

        StandInSubchannel(LoadBalancer.CreateSubchannelArgs args) {
            this.args = args;
        }

        @Override
        public void start(LoadBalancer.SubchannelStateListener listener) {
            listener.onSubchannelState(ConnectivityStateInfo.forNonError(ConnectivityState.READY));
        }

        @Override
        public void shutdown() {}

        @Override
        public void requestConnection() {}

        @Override
        public List<EquivalentAddressGroup> getAllAddresses() {
            return args.getAddresses();
        }

        @Override
        public Attributes getAttributes() {
            return args.getAttributes();
        }

        @Override
        public ChannelLogger getChannelLogger() {
            return SilentLogger.INSTANCE;
        }
    }

    /** Drops every log line. */
    private static final class SilentLogger extends ChannelLogger {
        static final SilentLogger INSTANCE = new SilentLogger();

        @Override
        public void log(ChannelLogLevel level, String message) {}

        @Override
        public void log(ChannelLogLevel level, String messageFormat, Object... args) {}
    }

    /** The child policy: one subchannel per address group, picked at random like the Nines router with equal weights. */
    private static final class RandomChild extends LoadBalancer {
        private final Helper helper;

        RandomChild(Helper helper) {
            this.helper = helper;
        }

        @Override
        public Status acceptResolvedAddresses(ResolvedAddresses resolved) {
            List<EquivalentAddressGroup> groups = resolved.getAddresses();
            Subchannel[] subchannels = new Subchannel[groups.size()];
            for (int i = 0; i < subchannels.length; i++) {
                subchannels[i] = helper.createSubchannel(CreateSubchannelArgs.newBuilder()
                        .setAddresses(groups.get(i))
                        .build());
                subchannels[i].start(state -> {});
            }
            helper.updateBalancingState(ConnectivityState.READY, new SubchannelPicker() {
                @Override
                public PickResult pickSubchannel(PickSubchannelArgs args) {
                    return PickResult.withSubchannel(
                            subchannels[ThreadLocalRandom.current().nextInt(subchannels.length)]);
                }
            });
            return Status.OK;
        }

        @Override
        public void handleNameResolutionError(Status error) {}

        @Override
        public void shutdown() {}
    }
}
