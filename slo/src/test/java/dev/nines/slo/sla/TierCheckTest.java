package dev.nines.slo.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.slo.Slo;
import java.util.List;
import org.junit.jupiter.api.Test;

class TierCheckTest {

    static final CriticalityTier TIER_0 = CriticalityTier.defaults().get(0);
    static final CriticalityTier TIER_2 = CriticalityTier.defaults().get(2);

    static Slo slo(double objective) {
        return Slo.builder("s").objective(objective).build();
    }

    @Test
    void flagsSloAndAvailabilityBelowTheTierAndMissingSlos() {
        List<TierFinding> findings = TierCheck.check(List.of(
                ServiceProfile.of("checkout", TIER_0).withSlo(slo(0.999)).withMeasuredAvailability(0.9990),
                ServiceProfile.of("search", TIER_2).withSlo(slo(0.995)).withMeasuredAvailability(0.993),
                ServiceProfile.of("batch", TIER_2)));
        assertThat(findings)
                .extracting(TierFinding::service, TierFinding::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("checkout", TierFinding.Kind.SLO_BELOW_TIER),
                        org.assertj.core.groups.Tuple.tuple("checkout", TierFinding.Kind.AVAILABILITY_BELOW_TIER),
                        org.assertj.core.groups.Tuple.tuple("batch", TierFinding.Kind.NO_SLO));
        assertThat(findings.get(0).message())
                .isEqualTo("checkout (tier-0) has an SLO of 99.9%, below the required 99.99%");
        assertThat(findings.get(1).required()).isEqualTo(0.9995);
        assertThat(findings.get(1).actual()).isEqualTo(0.999);
    }

    @Test
    void exactlyTheRequiredTargetsPass() {
        assertThat(TierCheck.check(List.of(ServiceProfile.of("checkout", TIER_0)
                        .withSlo(slo(0.9999))
                        .withMeasuredAvailability(0.9995))))
                .isEmpty();
    }

    @Test
    void defaultsAreOrderedMostCriticalFirst() {
        assertThat(CriticalityTier.defaults())
                .extracting(CriticalityTier::name)
                .containsExactly("tier-0", "tier-1", "tier-2", "tier-3");
        assertThat(CriticalityTier.defaults())
                .isSortedAccordingTo((a, b) -> Double.compare(b.requiredSloObjective(), a.requiredSloObjective()));
    }

    @Test
    void badTiersAndProfilesAreRejectedNamingTheItem() {
        assertThatThrownBy(() -> CriticalityTier.of("gold", 1.0, 0.99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requiredSloObjective of tier gold must be in (0, 1), was 1.0");
        assertThatThrownBy(() -> CriticalityTier.of("gold", 0.999, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requiredAvailability of tier gold must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> ServiceProfile.of("api", TIER_0).withMeasuredAvailability(1.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("measuredAvailability of service api must be in [0, 1], was 1.2");
    }
}
