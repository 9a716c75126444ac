package dev.nines.failover.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.testing.ConfigContract;
import dev.nines.failover.FailoverConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every configuration class of failover (every public class with {@code toBuilder()}, found on the class
 * path, so a new one is covered without editing this test) has value equality, a hash code and a
 * text form, and every field takes part in equality (see {@link ConfigContract}).
 */
class ConfigValueContractTest {

    /** Fields computed from others: equal sources give equal values. */
    private static final Map<Class<?>, Set<String>> DERIVED = Map.of();

    /** Classes without a no-argument factory. */
    private static final Map<Class<?>, Supplier<?>> SAMPLES = Map.of();

    /** Classes with {@code toBuilder()} that are not values, with the reason. */
    private static final Map<String, String> NOT_VALUES = Map.of();

    @Test
    void everyConfigurationClassHasValueEqualityOverAllItsFields() throws Exception {
        Set<String> names = ConfigContract.discover(FailoverConfig.class);
        assertThat(names).contains("dev.nines.failover.FailoverConfig");
        List<Object> configs = new ArrayList<>();
        for (String name : names) {
            if (!NOT_VALUES.containsKey(name)) {
                configs.add(ConfigContract.sample(Class.forName(name), SAMPLES));
            }
        }
        ConfigContract.assertAll(configs, DERIVED);
    }
}
