package dev.nines.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HealthGroupConfigTest {

    @Test
    void emptyStatusDefaultsFollowTheGroupKind() {
        assertThat(HealthGroupConfig.ofDefaults(HealthGroupConfig.LIVENESS).emptyStatus())
                .isEqualTo(HealthStatus.UP);
        assertThat(HealthGroupConfig.ofDefaults(HealthGroupConfig.READINESS).emptyStatus())
                .isEqualTo(HealthStatus.DOWN);
        assertThat(HealthGroupConfig.ofDefaults(HealthGroupConfig.STARTUP).emptyStatus())
                .isEqualTo(HealthStatus.DOWN);
        assertThat(HealthGroupConfig.ofDefaults("custom").emptyStatus()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(HealthGroupConfig.builder(HealthGroupConfig.READINESS)
                        .emptyStatus(HealthStatus.UP)
                        .build()
                        .emptyStatus())
                .isEqualTo(HealthStatus.UP);
    }

    @Test
    void onlyReadinessIncludesEveryCheckByDefault() {
        assertThat(HealthGroupConfig.ofDefaults(HealthGroupConfig.READINESS).contains("anything"))
                .isTrue();
        assertThat(HealthGroupConfig.ofDefaults(HealthGroupConfig.LIVENESS).contains("anything"))
                .isFalse();
        assertThat(HealthGroupConfig.ofDefaults(HealthGroupConfig.STARTUP).contains("anything"))
                .isFalse();
    }

    @Test
    void excludeWinsOverIncludeAndWildcard() {
        HealthGroupConfig group =
                HealthGroupConfig.builder("g").include("*", "db").exclude("db").build();
        assertThat(group.contains("db")).isFalse();
        assertThat(group.contains("cache")).isTrue();
        HealthGroupConfig named = HealthGroupConfig.builder("g").include("db").build();
        assertThat(named.contains("db")).isTrue();
        assertThat(named.contains("cache")).isFalse();
    }

    @Test
    void toBuilderKeepsMembersAndEmptyStatus() {
        HealthGroupConfig group = HealthGroupConfig.builder("g")
                .include("a")
                .exclude("b")
                .emptyStatus(HealthStatus.UP)
                .build();
        HealthGroupConfig copy = group.toBuilder().include("c").build();
        assertThat(copy.include()).containsExactly("a", "c");
        assertThat(copy.exclude()).containsExactly("b");
        assertThat(copy.emptyStatus()).isEqualTo(HealthStatus.UP);
        assertThat(group.include()).containsExactly("a");
    }

    @Test
    void rejectsBlankNamesAndAWildcardExclude() {
        assertThatThrownBy(() -> HealthGroupConfig.builder(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was \"\"");
        assertThatThrownBy(() -> HealthGroupConfig.builder("g").include(" "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HealthGroupConfig.builder("g").exclude("*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exclude must name checks, was \"*\"");
    }
}
