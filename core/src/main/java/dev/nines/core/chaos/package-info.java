/**
 * Fault injection, after Polly v8's chaos strategies: {@link dev.nines.core.chaos.ChaosPolicy}
 * injects a fault, a made-up outcome, latency or a behaviour into a chosen share of the calls in its
 * scope, while enabled. Every injected fault is labelled ({@link dev.nines.core.chaos.InjectedFault})
 * so that it can never be mistaken for a real one, in events, metrics and stack traces alike; an
 * {@link dev.nines.core.chaos.InjectionGuard} lets an experiment bound how many injections it may
 * make (the SLO module's {@code ChaosExperiment} spends at most a share of an error budget).
 */
@NullMarked
package dev.nines.core.chaos;

import org.jspecify.annotations.NullMarked;
