package dev.nines.slo.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObservationClassificationTest {

    @ParameterizedTest
    @ValueSource(strings = {"6xx", "0xx", "5x", "x5xx", "600", "099", "42", "503-500", "500-600", "", "five"})
    void rejectsAMalformedStatusRuleNamingIt(String rule) {
        assertThatThrownBy(() -> ObservationClassification.builder().badStatus(rule))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("badStatus")
                .hasMessageContaining("'" + rule + "'");
    }

    @Test
    void rejectsANonPositiveLatencyThresholdAndABlankStatusKey() {
        assertThatThrownBy(() -> ObservationClassification.builder().slowerThan(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slowerThan");
        assertThatThrownBy(() -> ObservationClassification.builder().statusKey(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("statusKey");
    }

    @Test
    void defaultsCountServerErrorsAndEveryErrorAsBad() {
        ObservationClassification rule = ObservationClassification.defaults();
        assertThat(rule.isBadStatus("500")).isTrue();
        assertThat(rule.isBadStatus("599")).isTrue();
        assertThat(rule.isBadStatus("429")).isFalse();
        assertThat(rule.isBadStatus(null)).isFalse();
        assertThat(rule.isBadError(new IllegalStateException())).isTrue();
        assertThat(rule.isBadError(null)).isFalse();
        assertThat(rule.isSlow(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void badExceptionTypesMatchSubtypesOnly() {
        ObservationClassification rule = ObservationClassification.builder()
                .badException(IOException.class)
                .build();
        assertThat(rule.isBadError(new java.net.SocketTimeoutException())).isTrue();
        assertThat(rule.isBadError(new IllegalArgumentException())).isFalse();
    }

    /** Model: a class rule covers its hundred, a code itself, a range its bounds inclusive. */
    @Property(tries = 300)
    void statusRulesMatchExactlyTheirCodes(
            @ForAll @IntRange(min = 1, max = 5) int statusClass,
            @ForAll @IntRange(min = 100, max = 599) int code,
            @ForAll @IntRange(min = 100, max = 599) int low,
            @ForAll @IntRange(min = 0, max = 50) int width,
            @ForAll @IntRange(min = 100, max = 599) int probe) {
        int high = Math.min(599, low + width);
        ObservationClassification rule = ObservationClassification.builder()
                .badStatus(statusClass + "xx")
                .badStatus(Integer.toString(code))
                .badStatus(low + "-" + high)
                .build();
        boolean expected = probe / 100 == statusClass || probe == code || (probe >= low && probe <= high);
        assertThat(rule.isBadStatus(Integer.toString(probe))).isEqualTo(expected);
    }
}
