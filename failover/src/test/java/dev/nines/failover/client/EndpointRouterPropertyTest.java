package dev.nines.failover.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.time.ManualTimeSource;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of mark down/up, breaker opens/closes and routes: outside panic mode a call
 * never goes to a down endpoint; in any mode never to an endpoint whose breaker is forced open; and
 * the router fails fast exactly when no endpoint qualifies.
 */
class EndpointRouterPropertyTest {

    private static final List<String> IDS = List.of("a", "b", "c", "d");

    @Provide
    Arbitrary<List<Integer>> ops() {
        // 0..3 mark down, 4..7 mark up, 8..11 force breaker open, 12..15 close breaker, 16..19 route.
        return Arbitraries.integers().between(0, 19).list().ofMinSize(10).ofMaxSize(80);
    }

    @Property(tries = 500)
    void routesOnlyToQualifyingEndpointsAndFailsFastOtherwise(
            @ForAll("ops") List<Integer> ops, @ForAll boolean panicMode) {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        EndpointRouter.Builder builder = EndpointRouter.builder("pool", time)
                .random(new SplittableRandom(1))
                .panicMode(panicMode);
        for (String id : IDS) {
            builder.endpoint(Endpoint.of(id));
        }
        EndpointRouter router = builder.build();
        boolean[] up = {true, true, true, true};
        boolean[] open = new boolean[4];
        for (int op : ops) {
            int i = op % 4;
            String id = IDS.get(i);
            switch (op / 4) {
                case 0 -> {
                    router.markDown(id);
                    up[i] = false;
                }
                case 1 -> {
                    router.markUp(id);
                    up[i] = true;
                }
                case 2 -> {
                    router.breaker(id).transitionToForcedOpenState();
                    open[i] = true;
                }
                case 3 -> {
                    router.breaker(id).transitionToClosedState();
                    open[i] = false;
                }
                default -> {
                    int upCount = 0;
                    for (boolean u : up) {
                        upCount += u ? 1 : 0;
                    }
                    boolean panic = panicMode && upCount < 2;
                    boolean anyQualifies = false;
                    for (int k = 0; k < 4; k++) {
                        anyQualifies |= (panic || up[k]) && !open[k];
                    }
                    Route route = null;
                    try {
                        route = router.route();
                    } catch (NoHealthyEndpointException e) {
                        assertThat(anyQualifies).isFalse();
                    }
                    if (route != null) {
                        int k = IDS.indexOf(route.endpoint().id());
                        assertThat(anyQualifies).isTrue();
                        assertThat(open[k]).isFalse();
                        assertThat(panic || up[k]).isTrue();
                        assertThat(router.breaker(route.endpoint().id()).state())
                                .isEqualTo(CircuitBreaker.State.CLOSED);
                        route.release();
                    }
                }
            }
        }
    }
}
