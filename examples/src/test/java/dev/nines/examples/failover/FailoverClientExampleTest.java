package dev.nines.examples.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.failover.client.EjectionReason;
import dev.nines.failover.client.EndpointEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailoverClientExampleTest {

    private FailoverClientExample example;

    @BeforeEach
    void start() throws Exception {
        example = FailoverClientExample.start(7);
    }

    @AfterEach
    void stop() {
        example.close();
    }

    @Test
    void spreadsLookupsOverBothBackendsWhileBothAreUp() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(example.price("sku-" + i)).matches("eu-[12]:sku-" + i + ":\\d+\\.\\d");
        }

        assertThat(example.served("eu-1") + example.served("eu-2")).isEqualTo(20);
        assertThat(example.served("eu-1")).isPositive();
        assertThat(example.served("eu-2")).isPositive();
        assertThat(example.clientSlo().totalGood()).isEqualTo(20);
        assertThat(example.clientSlo().totalBad()).isZero();
    }

    @Test
    void keepsAnsweringFromTheOtherBackendWhenOneStops() throws Exception {
        example.price("warm-up");
        example.stopBackend("eu-1");
        int servedByEu1 = example.served("eu-1");

        for (int i = 0; i < 20; i++) {
            assertThat(example.price("sku-" + i)).startsWith("eu-2:sku-" + i + ":");
        }

        assertThat(example.served("eu-1")).isEqualTo(servedByEu1);
        // Calls routed to the stopped backend failed, were recorded on its breaker, and retried on eu-2.
        CircuitBreaker eu1 = example.router().breaker("eu-1");
        assertThat(eu1.metrics().numberOfFailedCalls() + eu1.metrics().numberOfNotPermittedCalls())
                .isPositive();
        // every answered lookup is a good client event; the calls to the stopped backend are bad ones
        assertThat(example.clientSlo().totalGood()).isEqualTo(21);
        assertThat(example.clientSlo().totalBad()).isPositive();
    }

    @Test
    void aProbeTakesTheStoppedBackendOutOfRotation() throws Exception {
        example.probe();
        assertThat(example.router().isInRotation("eu-1")).isTrue();

        example.stopBackend("eu-1");
        example.probe();

        assertThat(example.router().isInRotation("eu-1")).isFalse();
        assertThat(example.router().isInRotation("eu-2")).isTrue();
        long failuresBefore = example.router().breaker("eu-1").metrics().numberOfBufferedCalls();
        for (int i = 0; i < 10; i++) {
            assertThat(example.price("sku-" + i)).startsWith("eu-2:");
        }
        assertThat(example.router().breaker("eu-1").metrics().numberOfBufferedCalls())
                .isEqualTo(failuresBefore);
    }

    @Test
    void twoRefusedConnectionsEjectTheStoppedBackendBeforeAnyProbe() throws Exception {
        List<EndpointEvent> events = new ArrayList<>();
        example.router().onEvent(events::add);
        example.stopBackend("eu-1");
        for (int i = 0; i < 20; i++) {
            assertThat(example.price("sku-" + i)).startsWith("eu-2:");
        }
        assertThat(example.router().isEjected("eu-1")).isTrue();
        assertThat(example.router().outlierStatus("eu-1").reason())
                .contains(EjectionReason.CONSECUTIVE_GATEWAY_FAILURES);
        assertThat(example.router().outlierStatus("eu-1").gatewayFailures()).isEqualTo(2);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo(EndpointEvent.Type.EJECTED));
    }
}
