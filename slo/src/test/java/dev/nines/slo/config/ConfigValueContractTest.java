package dev.nines.slo.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.testing.ConfigContract;
import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.micrometer.ObservationClassification;
import dev.nines.slo.micrometer.ObservationMapping;
import dev.nines.slo.sla.CreditTable;
import dev.nines.slo.sla.Sla;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every configuration class of slo (every public class with {@code toBuilder()}, found on the class
 * path, so a new one is covered without editing this test) has value equality, a hash code and a
 * text form, and every field takes part in equality (see {@link ConfigContract}).
 */
class ConfigValueContractTest {

    /** Fields computed from others: equal sources give equal values. */
    private static final Map<Class<?>, Set<String>> DERIVED = Map.of(
            ObservationClassification.class, Set.of("slowerThanNanos"),
            ObservationMapping.class, Set.of("tagKeys", "tagValues")); // the tags map, as arrays

    /** Classes without a no-argument factory. */
    private static final Map<Class<?>, Supplier<?>> SAMPLES = Map.of(
            Slo.class,
            () -> Slo.builder("checkout")
                    .objective(0.999)
                    .window(SloWindow.rolling(Duration.ofDays(30)))
                    .build(),
            Sla.class,
            () -> Sla.builder("checkout-sla")
                    .objective(0.9995)
                    .creditTable(CreditTable.builder().creditBelow(0.9995, 0.10).build())
                    .build(),
            ObservationMapping.class,
            () -> ObservationMapping.builder("http.server.requests", "availability")
                    .tag("uri", "/checkout")
                    .build());

    /** Classes with {@code toBuilder()} that are not values, with the reason. */
    private static final Map<String, String> NOT_VALUES = Map.of(
            "dev.nines.slo.micrometer.SloObservationHandler",
            "a handler that feeds live trackers; toBuilder() derives another handler, not a value");

    @Test
    void everyConfigurationClassHasValueEqualityOverAllItsFields() throws Exception {
        Set<String> names = ConfigContract.discover(BurnRateAlertPolicy.class);
        assertThat(names).contains("dev.nines.slo.alert.BurnRateAlertPolicy");
        List<Object> configs = new ArrayList<>();
        for (String name : names) {
            if (!NOT_VALUES.containsKey(name)) {
                configs.add(ConfigContract.sample(Class.forName(name), SAMPLES));
            }
        }
        ConfigContract.assertAll(configs, DERIVED);
    }
}
