package dev.nines.capacity.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.capacity.forecast.HoltWintersConfig;
import dev.nines.core.testing.ConfigContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every configuration class of capacity (every public class with {@code toBuilder()}, found on the class
 * path, so a new one is covered without editing this test) has value equality, a hash code and a
 * text form, and every field takes part in equality (see {@link ConfigContract}).
 */
class ConfigValueContractTest {

    /** Fields computed from others: equal sources give equal values. */
    private static final Map<Class<?>, Set<String>> DERIVED = Map.of();

    /** Classes without a no-argument factory. */
    private static final Map<Class<?>, Supplier<?>> SAMPLES = Map.of();

    /** Classes with {@code toBuilder()} that are not values, with the reason. */
    private static final Map<String, String> NOT_VALUES = Map.of(
            "dev.nines.capacity.forecast.BaselineAlert",
            "an alert that evaluates series with a forecast model and a calendar, neither of them values");

    @Test
    void everyConfigurationClassHasValueEqualityOverAllItsFields() throws Exception {
        Set<String> names = ConfigContract.discover(HoltWintersConfig.class);
        assertThat(names).contains("dev.nines.capacity.forecast.HoltWintersConfig");
        List<Object> configs = new ArrayList<>();
        for (String name : names) {
            if (!NOT_VALUES.containsKey(name)) {
                configs.add(ConfigContract.sample(Class.forName(name), SAMPLES));
            }
        }
        ConfigContract.assertAll(configs, DERIVED);
    }
}
