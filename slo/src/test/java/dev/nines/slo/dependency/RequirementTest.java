package dev.nines.slo.dependency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequirementTest {

    @Test
    void factoriesSetK() {
        assertThat(Requirement.all("a", "b").k()).isEqualTo(2);
        assertThat(Requirement.any("a", "b").k()).isEqualTo(1);
        assertThat(Requirement.atLeast(2, "a", "b", "c").k()).isEqualTo(2);
        assertThat(Requirement.atLeast(2, "a", "b", "c").kind()).isEqualTo(Requirement.Kind.AT_LEAST);
    }

    @Test
    void badRequirementsAreRejectedNamingTheItem() {
        assertThatThrownBy(() -> Requirement.all())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dependencies must not be empty, was []");
        assertThatThrownBy(() -> Requirement.any("a", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dependencies must be distinct, was 'a' twice");
        assertThatThrownBy(() -> Requirement.atLeast(3, "a", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k of AT_LEAST over 2 dependencies must be in [1, 2], was 3");
        assertThatThrownBy(() -> Requirement.atLeast(0, "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Requirement.all("a", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dependency must not be blank");
    }
}
