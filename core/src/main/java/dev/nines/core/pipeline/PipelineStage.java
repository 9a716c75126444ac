package dev.nines.core.pipeline;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * A stage of a {@link Pipeline}: wraps the next stage of a call, synchronously and asynchronously.
 * This is the SPI through which framework authors add a stage of their own (tracing, context
 * propagation, per-attempt headers) at one of the documented positions:
 * {@link Pipeline.Stage#CUSTOM_OUTER}, {@link Pipeline.Stage#CUSTOM_ATTEMPT} or
 * {@link Pipeline.Stage#CUSTOM_CALL}, with {@link Pipeline.Builder#stage(Pipeline.Stage, PipelineStage)}.
 *
 * <p>The decorate methods are called once, when the pipeline decorates a call; what they return is
 * called for every call (or attempt), possibly from many threads at once. Keep it thread-safe, and
 * allocation-free if the pipeline's hot path should stay so. A stage passes the next stage's
 * failures on unchanged unless changing them is its job.
 *
 * <pre>{@code
 * PipelineStage<Quote> traced = new PipelineStage<>() {
 *     public Supplier<Quote> decorateSupplier(Supplier<Quote> next) {
 *         return () -> tracer.inSpan("quote", next);
 *     }
 *     public Callable<Quote> decorateCallable(Callable<Quote> next) {
 *         return () -> tracer.inSpanCallable("quote", next);
 *     }
 *     public Supplier<CompletionStage<Quote>> decorateCompletionStage(ScheduledExecutorService scheduler,
 *             Supplier<CompletionStage<Quote>> next) {
 *         return () -> tracer.inSpanAsync("quote", next);
 *     }
 * };
 * Pipeline<Quote> quotes = Resilience.<Quote>pipeline().retry(retry).circuitBreaker(breaker)
 *         .stage(Pipeline.Stage.CUSTOM_ATTEMPT, traced)   // one span per attempt
 *         .build();
 * }</pre>
 *
 * @param <T> the result type of the calls
 */
public interface PipelineStage<T> {

    /**
     * Returns a name for this stage, shown by {@link Pipeline#toString()}.
     *
     * @return the name; by default the class's simple name
     */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Wraps the next stage of a synchronous call.
     *
     * @param next the rest of the pipeline, ending with the call
     * @return the decorated supplier
     */
    Supplier<T> decorateSupplier(Supplier<T> next);

    /**
     * Wraps the next stage of a synchronous call whose checked exceptions must reach the policies.
     *
     * @param next the rest of the pipeline, ending with the call
     * @return the decorated callable
     */
    Callable<T> decorateCallable(Callable<T> next);

    /**
     * Wraps the next stage of an asynchronous call. The returned supplier must not throw: a failure
     * is a failed stage.
     *
     * @param scheduler the pipeline's scheduler, for stages that wait or time out
     * @param next the rest of the pipeline, ending with the call
     * @return the decorated supplier
     */
    Supplier<CompletionStage<T>> decorateCompletionStage(
            ScheduledExecutorService scheduler, Supplier<CompletionStage<T>> next);
}
