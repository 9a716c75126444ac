package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PodSampleTest {

    @Test
    void factoriesSetStatusAndSample() {
        assertThat(PodSample.ready("a", 5, 10))
                .isEqualTo(new PodSample("a", PodSample.Status.READY, OptionalLong.of(5), 10));
        assertThat(PodSample.ready("a", 5).requestMilli()).isZero();
        assertThat(PodSample.unready("a", 5, 10).status()).isEqualTo(PodSample.Status.UNREADY);
        assertThat(PodSample.missing("a", 10).usageMilli()).isEmpty();
        assertThat(PodSample.pending("a", 10).status()).isEqualTo(PodSample.Status.PENDING);
        assertThat(PodSample.ignored("a").status()).isEqualTo(PodSample.Status.IGNORED);
    }

    @Test
    void rejectsNegativeValuesAndBlankNames() {
        assertThatThrownBy(() -> PodSample.ready("a", -1, 10)).hasMessage("usageMilli must be at least 0, was -1");
        assertThatThrownBy(() -> PodSample.ready("a", 1, -10)).hasMessage("requestMilli must be at least 0, was -10");
        assertThatThrownBy(() -> PodSample.ready(" ", 1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
