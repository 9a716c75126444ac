package dev.nines.capacity.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadSkewTest {

    @Test
    void summarisesUnevenLoad() {
        Map<String, Integer> loads = new LinkedHashMap<>();
        loads.put("a", 100);
        loads.put("b", 100);
        loads.put("c", 400);
        loads.put("d", 200);
        LoadSkew skew = LoadSkew.of(loads);
        assertThat(skew.nodes()).isEqualTo(4);
        assertThat(skew.mean()).isEqualTo(200.0);
        assertThat(skew.min()).isEqualTo(100.0);
        assertThat(skew.max()).isEqualTo(400.0);
        assertThat(skew.hottest()).isEqualTo("c");
        assertThat(skew.peakToAverageRatio()).isEqualTo(2.0);
        // population sd = sqrt((100^2 + 100^2 + 200^2 + 0) / 4) = sqrt(15000) = 122.47
        assertThat(skew.coefficientOfVariation()).isCloseTo(Math.sqrt(15_000) / 200, within(1e-12));
    }

    @Test
    void treatsAllIdleAsEvenAndCountsEmptyNodes() {
        assertThat(LoadSkew.of(Map.of("a", 0, "b", 0)).peakToAverageRatio()).isEqualTo(1.0);
        LoadSkew keys = LoadSkew.ofKeys(List.of("k"), ConsistentHashRing.of(List.of("a", "b"), 10));
        assertThat(keys.min()).isZero();
        assertThat(keys.peakToAverageRatio()).isEqualTo(2.0);
    }

    @Test
    void rejectsEmptyAndNegativeLoads() {
        assertThatThrownBy(() -> LoadSkew.of(Map.of())).hasMessage("loads must not be empty");
        assertThatThrownBy(() -> LoadSkew.of(Map.of("a", -1)))
                .hasMessage("load of a must be finite and at least 0.0, was -1.0");
    }
}
