package dev.nines.slo.dependency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RedundancyGainTest {

    @Test
    void gainIsTheDifferenceOfAvailabilities() {
        assertThat(new RedundancyGain("db", 0.99, 0.9999).gain()).isCloseTo(0.0099, within(1e-15));
    }

    @Test
    void aSecondInstanceOfALoneDependencySquaresItsUnavailability() {
        DependencyGraph g = DependencyGraph.builder()
                .node("db", 0.9)
                .node("api", 1.0, Requirement.all("db"))
                .build();
        RedundancyGain db = g.redundancyGains("api").get(0);
        assertThat(db.node()).isEqualTo("db");
        assertThat(db.availabilityWithRedundancy()).isCloseTo(0.99, within(1e-15));
    }
}
