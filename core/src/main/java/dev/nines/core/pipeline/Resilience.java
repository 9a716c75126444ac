package dev.nines.core.pipeline;

/**
 * The entry point for composing policies: {@link #pipeline()} starts a {@link Pipeline.Builder}.
 *
 * <pre>{@code
 * Pipeline<Stock> stocks = Resilience.<Stock>pipeline()
 *         .retry(retry)
 *         .circuitBreaker(breaker)
 *         .bulkhead(bulkhead)
 *         .fallback(fallback, failure -> Stock.UNKNOWN)
 *         .build();
 * Supplier<Stock> stock = stocks.decorateSupplier(() -> inventory.stock(sku)); // build once, call often
 * }</pre>
 */
public final class Resilience {

    private Resilience() {}

    /**
     * Starts a pipeline for calls that return {@code T}. Stages may be added in any order; they
     * always run in the order documented on {@link Pipeline}.
     *
     * @param <T> the result type of the calls the pipeline wraps (give it explicitly:
     *     {@code Resilience.<Stock>pipeline()})
     * @return a new, empty builder
     */
    public static <T> Pipeline.Builder<T> pipeline() {
        return new Pipeline.Builder<>();
    }
}
