package dev.nines.failover;

import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks members against the promotion {@link Gate}s and ranks the candidates: eligible first, then
 * the least lag, the highest priority and the smallest id. Reads member state under the controller's
 * lock; keeps none of its own.
 */
final class Gates {

    private final FailoverConfig config;
    private final TimeSource time;

    Gates(FailoverConfig config, TimeSource time) {
        this.config = config;
        this.time = time;
    }

    /** Every member but the primary, checked and ranked, the best candidate first. */
    List<CandidateReport> rank(Membership membership) {
        List<CandidateReport> reports = new ArrayList<>();
        MemberState primary = membership.primary();
        for (MemberState member : membership.all()) {
            if (member != primary) {
                reports.add(check(member, false));
            }
        }
        reports.sort(Comparator.comparing((CandidateReport r) -> !r.eligible())
                .thenComparing(CandidateReport::lag)
                .thenComparing((CandidateReport r) ->
                        -membership.require(r.memberId()).member.priority())
                .thenComparing(CandidateReport::memberId));
        return reports;
    }

    /**
     * Checks one member against every gate. For a rollback, the member fenced by the promotion being
     * rolled back passes {@link Gate#NOT_FENCED}.
     */
    CandidateReport check(MemberState member, boolean forRollback) {
        List<GateResult> gates = new ArrayList<>(Gate.values().length);
        gates.add(new GateResult(
                Gate.HEALTHY,
                member.healthy(),
                member.verdict == null ? "no health verdict yet" : "health " + member.health()));
        gates.add(lagGate(member.lag));
        boolean syncOk = !config.synchronousMode()
                || config.asyncPromotionAllowed()
                || member.member.replication() == Replication.SYNC;
        gates.add(new GateResult(
                Gate.SYNC,
                syncOk,
                config.synchronousMode()
                        ? member.member.replication() + " member in synchronous mode"
                                + (config.asyncPromotionAllowed() ? " (async promotion allowed)" : "")
                        : "asynchronous mode"));
        boolean untagged = !member.member.hasTag(Member.NO_FAILOVER);
        gates.add(new GateResult(
                Gate.NOT_TAGGED,
                untagged,
                untagged ? "no " + Member.NO_FAILOVER + " tag" : "tagged " + Member.NO_FAILOVER));
        boolean notFenced = member.role != Role.FENCED || forRollback;
        gates.add(new GateResult(
                Gate.NOT_FENCED,
                notFenced,
                member.role == Role.FENCED
                        ? (forRollback ? "fenced by the promotion being rolled back" : "fenced")
                        : member.role.toString()));
        long sinceRecovery = time.nanoTime() - member.recoveredNanos;
        boolean graceOk =
                !member.recovered || sinceRecovery >= config.recoveryGrace().toNanos();
        gates.add(new GateResult(
                Gate.RECOVERY_GRACE,
                graceOk,
                member.recovered
                        ? "recovered " + Duration.ofNanos(sinceRecovery) + " ago, grace " + config.recoveryGrace()
                        : "no recovery pending"));
        return new CandidateReport(member.member.id(), member.lag, gates);
    }

    private GateResult lagGate(Lag lag) {
        switch (lag.unit()) {
            case BYTES:
                return new GateResult(
                        Gate.LAG,
                        lag.amount() <= config.rpoLimitBytes(),
                        "lag " + lag + (lag.amount() <= config.rpoLimitBytes() ? " <= " : " > ") + "limit "
                                + limitBytes());
            case NANOS:
                long limit = config.rpoLimitTime().toNanos();
                return new GateResult(
                        Gate.LAG,
                        lag.amount() <= limit,
                        "lag " + lag + (lag.amount() <= limit ? " <= " : " > ") + "limit "
                                + (limit == Long.MAX_VALUE
                                        ? "none"
                                        : config.rpoLimitTime().toString()));
            default:
                return new GateResult(Gate.LAG, false, "lag UNKNOWN (could not be read): fails closed");
        }
    }

    private String limitBytes() {
        return config.rpoLimitBytes() == Long.MAX_VALUE ? "none" : config.rpoLimitBytes() + " bytes";
    }
}
