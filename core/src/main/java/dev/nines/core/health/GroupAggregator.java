package dev.nines.core.health;

import dev.nines.core.time.TimeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Combines the results of a group's member checks into the group's status: the most severe by the
 * severity order, non-critical checks and failing-open shared dependencies capped at
 * {@code DEGRADED}, and statuses outside the order ranked directly below {@code DOWN}. Owned by
 * {@link HealthRegistry}; immutable apart from the set of unknown statuses already logged.
 */
final class GroupAggregator {

    private static final Logger LOG = LoggerFactory.getLogger(HealthRegistry.class);

    private final TimeSource time;
    private final CheckRunner runner;
    private final List<HealthStatus> severityOrder;
    private final Map<HealthStatus, Integer> rank;
    private final Set<String> unknownStatusesLogged = ConcurrentHashMap.newKeySet();

    GroupAggregator(TimeSource time, CheckRunner runner, List<HealthStatus> severityOrder) {
        this.time = time;
        this.runner = runner;
        this.severityOrder = List.copyOf(severityOrder);
        Map<HealthStatus, Integer> ranks = new HashMap<>();
        for (int i = 0; i < severityOrder.size(); i++) {
            ranks.put(severityOrder.get(i), 2 * (severityOrder.size() - i));
        }
        this.rank = Map.copyOf(ranks);
    }

    List<HealthStatus> severityOrder() {
        return severityOrder;
    }

    /** Evaluates a group over the registered checks (in name order). */
    CompletableFuture<HealthGroupResult> aggregate(HealthGroupConfig group, Iterable<CheckEntry> checks) {
        List<CheckEntry> members = new ArrayList<>();
        for (CheckEntry entry : checks) {
            if (group.contains(entry.name)) {
                members.add(entry);
            }
        }
        if (members.isEmpty()) {
            return CompletableFuture.completedFuture(
                    new HealthGroupResult(group.name(), group.emptyStatus(), Map.of(), Optional.empty(), time.now()));
        }
        long nowNanos = time.nanoTime();
        List<CompletableFuture<HealthResult>> results = new ArrayList<>(members.size());
        for (CheckEntry entry : members) {
            results.add(runner.resultFor(entry, nowNanos));
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
                .thenApply(ignored -> combine(group, members, results));
    }

    private HealthGroupResult combine(
            HealthGroupConfig group, List<CheckEntry> members, List<CompletableFuture<HealthResult>> results) {
        Map<String, HealthResult> shown = new LinkedHashMap<>();
        @Nullable HealthStatus worst = null;
        for (int i = 0; i < members.size(); i++) {
            CheckEntry entry = members.get(i);
            HealthResult result = results.get(i).join();
            HealthStatus contribution = result.status();
            if (moreSevere(contribution, HealthStatus.DEGRADED)) {
                if (!entry.config.isCritical()) {
                    contribution = HealthStatus.DEGRADED;
                    result = result.toBuilder().detail("critical", false).build();
                } else if (entry.config.isSharedDependency() && failOpen(entry)) {
                    contribution = HealthStatus.DEGRADED;
                    result = result.toBuilder()
                            .detail("sharedDependency", true)
                            .detail("failOpen", true)
                            .build();
                }
            }
            if (worst == null || moreSevere(contribution, worst)) {
                worst = contribution;
            }
            shown.put(entry.name, result);
        }
        // Never empty here (aggregate answers an empty group itself), so worst is set.
        return new HealthGroupResult(
                group.name(),
                Objects.requireNonNull(worst, "worst"),
                Collections.unmodifiableMap(shown),
                Optional.empty(),
                time.now());
    }

    private static boolean failOpen(CheckEntry entry) {
        try {
            return entry.config.failOpenWhen().getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warn("failOpenWhen of health check '{}' threw; failing open", entry.name, e);
            return true;
        }
    }

    private boolean moreSevere(HealthStatus a, HealthStatus b) {
        return rank(a) > rank(b);
    }

    /** Twice the place from the bottom of the order; an unknown status ranks directly below DOWN. */
    private int rank(HealthStatus status) {
        Integer known = rank.get(status);
        if (known != null) {
            return known;
        }
        if (unknownStatusesLogged.size() < 64 && unknownStatusesLogged.add(status.code())) {
            LOG.warn(
                    "Health status {} is not in the severity order {}; ranking it directly below DOWN."
                            + " Declare it with HealthRegistry.Builder.customStatus",
                    status,
                    severityOrder);
        }
        return Objects.requireNonNull(rank.get(HealthStatus.DOWN), "rank of DOWN") - 1;
    }
}
