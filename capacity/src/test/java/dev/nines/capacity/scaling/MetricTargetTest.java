package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricTargetTest {

    @Test
    void buildsEachKindOfTarget() {
        assertThat(MetricTarget.utilization(150)).isEqualTo(new MetricTarget.Utilization(150));
        assertThat(MetricTarget.averageValue(500)).isEqualTo(new MetricTarget.AverageValue(500));
        assertThat(MetricTarget.value(1)).isEqualTo(new MetricTarget.Value(1));
    }

    @Test
    void rejectsTargetsBelowOne() {
        assertThatThrownBy(() -> MetricTarget.utilization(0))
                .hasMessage("averageUtilizationPercent must be at least 1, was 0");
        assertThatThrownBy(() -> MetricTarget.averageValue(0))
                .hasMessage("averageValueMilli must be at least 1, was 0");
        assertThatThrownBy(() -> MetricTarget.value(-5)).hasMessage("valueMilli must be at least 1, was -5");
    }
}
