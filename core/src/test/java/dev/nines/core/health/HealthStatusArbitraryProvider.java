package dev.nines.core.health;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.providers.ArbitraryProvider;
import net.jqwik.api.providers.TypeUsage;

/**
 * Lets properties take {@code @ForAll HealthStatus}: the five standard statuses, as when they were an
 * enum. Properties that need custom statuses provide their own arbitrary.
 */
public final class HealthStatusArbitraryProvider implements ArbitraryProvider {

    @Override
    public boolean canProvideFor(TypeUsage targetType) {
        return targetType.isOfType(HealthStatus.class);
    }

    @Override
    public Set<Arbitrary<?>> provideFor(TypeUsage targetType, SubtypeProvider subtypeProvider) {
        return Set.of(Arbitraries.of(HealthStatus.standard()));
    }
}
