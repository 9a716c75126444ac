package dev.nines.core.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * No injected fault is unlabelled, and no real failure is labelled: whatever is injected (each
 * kind, every shape of fault a generator can make), through whichever form of call, with the
 * policy on or off and the call in scope or not.
 */
class InjectedFaultTest {

    /** The shapes of fault a generator (or a behaviour) can produce. */
    enum Shape {
        DEFAULT,
        UNCHECKED,
        CHECKED,
        ERROR,
        BARE_THROWABLE,
        UNSUPPRESSIBLE,
        SHARED,
        GENERATOR_THROWS,
        ALREADY_LABELLED
    }

    /** How the call is made. */
    enum Form {
        SUPPLIER,
        CALLABLE,
        RUNNABLE,
        ASYNC
    }

    /** How the real call ends. */
    enum Real {
        SUCCEEDS,
        FAILS_UNCHECKED,
        FAILS_CHECKED
    }

    record Call(Form form, Real real, double draw, boolean inScope, boolean enabled) {}

    @Provide
    Arbitrary<List<Call>> calls() {
        return Combinators.combine(
                        Arbitraries.of(Form.class),
                        Arbitraries.of(Real.class),
                        Arbitraries.doubles().between(0, 1).filter(d -> d < 1.0),
                        Arbitraries.of(true, true, false),
                        Arbitraries.of(true, true, false))
                .as(Call::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(40);
    }

    @Property(tries = 400)
    void noInjectedFaultIsUnlabelledAndNoRealFailureIsLabelled(
            @ForAll ChaosKind kind,
            @ForAll Shape shape,
            @ForAll @DoubleRange(min = 0, max = 1) double ratio,
            @ForAll("calls") @Size(min = 1) List<Call> calls) {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        ManualScheduler scheduler = ManualScheduler.of(time);
        double[] draw = {0};
        boolean[] inScope = {true};
        ChaosConfig.Builder builder = ChaosConfig.builder()
                .injectionRatio(ratio)
                .scope(() -> inScope[0])
                .randomSource(() -> draw[0]);
        Supplier<Throwable> faults = faults(shape);
        switch (kind) {
            case FAULT -> {
                if (shape == Shape.DEFAULT) {
                    builder.fault();
                } else {
                    builder.fault(faults);
                }
            }
            case OUTCOME -> builder.outcome(() -> "injected outcome");
            case LATENCY -> builder.latency(Duration.ofMillis(1));
            case BEHAVIOR ->
                builder.behavior(() -> {
                    if (shape != Shape.DEFAULT) {
                        sneakyThrow(faults.get());
                    }
                });
        }
        ChaosPolicy chaos = ChaosPolicy.of("property", builder.build(), time, time::advanceNanos);
        List<ChaosEvent.Injection> injections = new ArrayList<>();
        chaos.onEvent(event -> {
            if (event instanceof ChaosEvent.Injection injection) {
                injections.add(injection);
            }
        });

        for (Call call : calls) {
            draw[0] = call.draw();
            inScope[0] = call.inScope();
            if (call.enabled()) {
                chaos.enable();
            } else {
                chaos.disable();
            }
            boolean chosen = call.enabled() && call.inScope() && call.draw() < ratio;
            int before = injections.size();
            Outcome outcome = run(chaos, scheduler, call);

            assertThat(injections).hasSize(before + (chosen ? 1 : 0));
            assertThat(injections).allMatch(ChaosEvent::injected);
            if (outcome.failure != null && outcome.failure != outcome.realFailure) {
                assertThat(InjectedFault.isInjected(outcome.failure))
                        .as("a failure the call did not throw is injected and labelled: %s", outcome.failure)
                        .isTrue();
                assertThat(chosen).isTrue();
            }
            if (outcome.realFailure != null && outcome.failure == outcome.realFailure) {
                assertThat(InjectedFault.isInjected(outcome.failure))
                        .as("a real failure is never labelled")
                        .isFalse();
            }
            if (chosen && (kind == ChaosKind.FAULT || (kind == ChaosKind.BEHAVIOR && shape != Shape.DEFAULT))) {
                assertThat(outcome.failure)
                        .as("an injected fault reaches the caller")
                        .isNotNull();
                assertThat(outcome.called).isFalse();
            }
            if (chosen && kind == ChaosKind.OUTCOME) {
                assertThat(outcome.called).isFalse();
                assertThat(outcome.failure).isNull();
            }
            if (!chosen) {
                assertThat(outcome.called).isTrue();
                assertThat(outcome.failure).isSameAs(outcome.realFailure);
            }
        }
        assertThat(chaos.metrics().numberOfInjections()).isEqualTo(injections.size());
    }

    /** What a call ended with. */
    private static final class Outcome {
        boolean called;

        @Nullable
        Throwable realFailure;

        @Nullable
        Throwable failure;
    }

    private static Outcome run(ChaosPolicy chaos, ManualScheduler scheduler, Call call) {
        Outcome outcome = new Outcome();
        Supplier<String> real = () -> {
            outcome.called = true;
            switch (call.real()) {
                case FAILS_UNCHECKED -> {
                    IllegalStateException failure = new IllegalStateException("real");
                    outcome.realFailure = failure;
                    throw failure;
                }
                case FAILS_CHECKED -> {
                    IOException failure = new IOException("real");
                    outcome.realFailure = failure;
                    sneakyThrow(failure);
                    return "unreachable";
                }
                default -> {
                    return "real";
                }
            }
        };
        try {
            switch (call.form()) {
                case SUPPLIER -> chaos.executeSupplier(real);
                case CALLABLE -> chaos.executeCallable(real::get);
                case RUNNABLE -> chaos.executeRunnable(real::get);
                case ASYNC -> {
                    CompletionStage<String> stage = chaos.executeCompletionStage(scheduler, () -> {
                        try {
                            return CompletableFuture.completedFuture(real.get());
                        } catch (Throwable failure) {
                            return CompletableFuture.failedFuture(failure);
                        }
                    });
                    scheduler.advance(Duration.ofMillis(1));
                    try {
                        stage.toCompletableFuture().join();
                    } catch (CompletionException failed) {
                        outcome.failure = failed.getCause();
                    }
                }
            }
        } catch (Throwable failure) {
            outcome.failure = failure;
        }
        if (outcome.failure instanceof InjectedFaultException wrapper
                && wrapper.getCause() != null
                && wrapper.getCause() == outcome.realFailure) {
            throw new AssertionError("a real failure was wrapped as injected", wrapper);
        }
        return outcome;
    }

    private static final IllegalStateException SHARED = new IllegalStateException("shared");

    private static Supplier<Throwable> faults(Shape shape) {
        return switch (shape) {
            case DEFAULT, UNCHECKED -> () -> new IllegalArgumentException("injected");
            case CHECKED -> () -> new IOException("injected");
            case ERROR -> () -> new Boom();
            case BARE_THROWABLE -> () -> new Bare();
            case UNSUPPRESSIBLE -> () -> new ChaosPolicyTest.Unsuppressible("injected");
            case SHARED -> () -> SHARED;
            case GENERATOR_THROWS ->
                () -> {
                    throw new IllegalStateException("the generator broke");
                };
            case ALREADY_LABELLED -> () -> new InjectedFaultException("elsewhere", "injected");
        };
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable failure) throws E {
        throw (E) failure;
    }

    /** An error to inject. */
    static final class Boom extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** A throwable that is neither an exception nor an error. */
    static final class Bare extends Throwable {
        private static final long serialVersionUID = 1L;
    }
}
