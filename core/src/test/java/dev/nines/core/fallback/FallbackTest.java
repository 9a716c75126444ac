package dev.nines.core.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FallbackTest {

    @Test
    void aHandledFailureIsReplacedByTheFallbackValue() {
        Fallback fallback = Fallback.of("recommendations", FallbackConfig.ofDefaults());
        List<FallbackEvent> events = new ArrayList<>();
        fallback.onEvent(events::add);
        IllegalStateException failure = new IllegalStateException("down");

        String value = fallback.executeSupplier(
                () -> {
                    throw failure;
                },
                e -> "default for " + e.getMessage());

        assertThat(value).isEqualTo("default for down");
        assertThat(events).containsExactly(new FallbackEvent.Applied("recommendations", failure));
        assertThat(fallback.metrics().numberOfFallbacksApplied()).isOne();
    }

    @Test
    void aSuccessPassesThroughUntouched() {
        Fallback fallback = Fallback.of("f", FallbackConfig.ofDefaults());

        assertThat(fallback.executeSupplier(() -> "real", e -> "fallback")).isEqualTo("real");
        assertThat(fallback.metrics().numberOfCallsWithoutFallback()).isOne();
    }

    @Test
    void onlySelectedExceptionsFallBackAndIgnoredOnesNever() throws Exception {
        Fallback fallback = Fallback.of(
                "f",
                FallbackConfig.builder()
                        .fallbackOnExceptions(IOException.class)
                        .ignoreExceptions(FileNotFoundException.class)
                        .build());

        String value = fallback.executeCallable(
                () -> {
                    throw new IOException("reset");
                },
                e -> "fallback");
        assertThat(value).isEqualTo("fallback");
        assertThatThrownBy(() -> fallback.executeCallable(
                        () -> {
                            throw new FileNotFoundException("gone");
                        },
                        e -> "fallback"))
                .isInstanceOf(FileNotFoundException.class);
        assertThatThrownBy(() -> fallback.executeSupplier(
                        () -> {
                            throw new IllegalArgumentException("bad");
                        },
                        e -> "fallback"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(fallback.metrics().numberOfUnhandledFailures()).isEqualTo(2);
    }

    @Test
    void aPredicateAlsoSelectsExceptionsButErrorsNeverFallBack() {
        Fallback fallback = Fallback.of(
                "f",
                FallbackConfig.builder()
                        .fallbackOnException(e -> "busy".equals(e.getMessage()))
                        .build());

        String value = fallback.executeSupplier(
                () -> {
                    throw new IllegalStateException("busy");
                },
                e -> "fallback");
        assertThat(value).isEqualTo("fallback");
        assertThatThrownBy(() -> fallback.executeSupplier(
                        () -> {
                            throw new AssertionError("busy");
                        },
                        e -> "fallback"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aRejectedResultReachesTheFallbackAsRejectedResultException() {
        Fallback fallback = Fallback.of(
                "f",
                FallbackConfig.builder()
                        .fallbackOnResult(r -> ((List<?>) r).isEmpty())
                        .build());

        List<String> value = fallback.executeSupplier(
                List::<String>of, e -> List.of("rejected " + ((RejectedResultException) e).result()));

        assertThat(value).containsExactly("rejected []");
    }

    @Test
    void aThrowingFallbackPropagatesWithTheCauseSuppressed() {
        Fallback fallback = Fallback.of("f", FallbackConfig.ofDefaults());
        List<FallbackEvent> events = new ArrayList<>();
        fallback.onEvent(events::add);
        IllegalStateException cause = new IllegalStateException("down");
        IllegalArgumentException fallbackFailure = new IllegalArgumentException("no default");

        assertThatThrownBy(() -> fallback.executeSupplier(
                        () -> {
                            throw cause;
                        },
                        e -> {
                            throw fallbackFailure;
                        }))
                .isSameAs(fallbackFailure);

        assertThat(fallbackFailure.getSuppressed()).containsExactly(cause);
        assertThat(events).containsExactly(new FallbackEvent.Failed("f", cause, fallbackFailure));
        assertThat(fallback.metrics().numberOfFallbackFailures()).isOne();
    }

    @Test
    void asyncFailuresAreUnwrappedAndReplaced() {
        Fallback fallback = Fallback.of(
                "f",
                FallbackConfig.builder().fallbackOnExceptions(IOException.class).build());

        CompletableFuture<String> replaced = fallback.<String>executeCompletionStage(
                        () -> CompletableFuture.failedFuture(new CompletionException(new IOException("reset"))),
                        e -> "fallback for " + e.getClass().getSimpleName())
                .toCompletableFuture();
        CompletableFuture<String> unhandled = fallback.<String>executeCompletionStage(
                        () -> {
                            throw new IllegalStateException("cannot start");
                        },
                        e -> "fallback")
                .toCompletableFuture();
        CompletableFuture<String> ok = fallback.decorateCompletionStage(
                        () -> CompletableFuture.completedFuture("ok"), e -> "fallback")
                .get()
                .toCompletableFuture();

        assertThat(replaced).isCompletedWithValue("fallback for IOException");
        assertThatThrownBy(unhandled::join).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(ok).isCompletedWithValue("ok");
    }

    @Test
    void decoratorsBehaveLikeExecute() throws Exception {
        Fallback fallback = Fallback.of("f", FallbackConfig.ofDefaults());

        Supplier<String> supplier = fallback.decorateSupplier(
                () -> {
                    throw new IllegalStateException();
                },
                e -> "s");
        Callable<String> callable = fallback.decorateCallable(
                () -> {
                    throw new IOException();
                },
                e -> "c");
        assertThat(supplier.get()).isEqualTo("s");
        assertThat(callable.call()).isEqualTo("c");
    }

    @Test
    void rejectsBlankNamesAndNullTypes() {
        assertThatThrownBy(() -> Fallback.of(" ", FallbackConfig.ofDefaults()))
                .hasMessage("name must not be blank, was \" \"");
        assertThatThrownBy(() -> FallbackConfig.builder().fallbackOnExceptions(IOException.class, null))
                .isInstanceOf(NullPointerException.class);
        FallbackConfig config =
                FallbackConfig.builder().fallbackOnExceptions(IOException.class).build();
        assertThat(config.toBuilder().build().handles(new IOException())).isTrue();
        assertThat(config.toBuilder().build().handles(new IllegalStateException()))
                .isFalse();
    }
}
