package dev.nines.core.health;

import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.internal.Arguments;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Health checks that report what an instance can do now, read from the state of its resilience
 * components: a circuit breaker's state, a bulkhead's saturation, a recent failure ratio. Register
 * them in readiness so that readiness says "this instance cannot serve X now".
 *
 * <p>The adapters take small functional inputs so they work with any implementation (Nines or
 * resilience4j): {@code breaker::getState}, {@code () -> bulkhead.getMetrics().getAvailableConcurrentCalls()};
 * thin overloads take a Nines {@link CircuitBreaker} or {@link Bulkhead} directly.
 * The returned checks are stateless and thread-safe; they read the suppliers on every run, so the
 * suppliers must be cheap and thread-safe. A supplier that throws makes the check {@code DOWN}
 * (as any check that throws).
 *
 * <pre>{@code
 * registry.register("payments-breaker", CapabilityChecks.circuitBreaker("payments", breaker)); // a Nines breaker
 * registry.register("payments-bulkhead", CapabilityChecks.bulkhead("payments",
 *         () -> bulkhead.getMetrics().getAvailableConcurrentCalls(), () -> 50, 0.8)); // resilience4j
 * }</pre>
 */
public final class CapabilityChecks {

    private CapabilityChecks() {}

    /**
     * Returns a check that maps a circuit breaker state, read by name, to a status: {@code CLOSED},
     * {@code DISABLED} and {@code METRICS_ONLY} are {@code UP}; {@code HALF_OPEN} is
     * {@code DEGRADED} (recovery is being probed); {@code OPEN} and {@code FORCED_OPEN} are
     * {@code OUT_OF_SERVICE}; any other name is {@code UNKNOWN}. The state names are those of both
     * Nines and resilience4j breakers, so {@code breaker::getState} fits either.
     *
     * @param capability what the breaker protects, for the message (e.g. {@code "payments"})
     * @param state reads the current state; its {@code toString()} (an enum's name) is matched
     * @return a check
     */
    public static HealthCheck circuitBreaker(String capability, Supplier<?> state) {
        Arguments.notBlank("capability", capability);
        Objects.requireNonNull(state, "state");
        return () -> {
            String name = String.valueOf(state.get());
            HealthResult.Builder result;
            switch (name) {
                case "CLOSED":
                case "DISABLED":
                case "METRICS_ONLY":
                    result = HealthResult.builder(HealthStatus.UP);
                    break;
                case "HALF_OPEN":
                    result = HealthResult.builder(HealthStatus.DEGRADED)
                            .message("circuit breaker is HALF_OPEN: " + capability + " is recovering");
                    break;
                case "OPEN":
                case "FORCED_OPEN":
                    result = HealthResult.builder(HealthStatus.OUT_OF_SERVICE)
                            .message("circuit breaker is " + name + ": cannot serve " + capability + " now");
                    break;
                default:
                    result = HealthResult.builder(HealthStatus.UNKNOWN)
                            .message("unrecognised circuit breaker state " + name);
                    break;
            }
            return result.detail("state", name).build();
        };
    }

    /**
     * Returns a check of a Nines circuit breaker's state, with the mapping of
     * {@link #circuitBreaker(String, Supplier)}: {@code OPEN} and {@code FORCED_OPEN} are
     * {@code OUT_OF_SERVICE}, {@code HALF_OPEN} is {@code DEGRADED}, the other states {@code UP}.
     *
     * @param capability what the breaker protects, for the message (e.g. {@code "payments"})
     * @param breaker the breaker, whose state is read on every run
     * @return a check
     * @throws IllegalArgumentException if {@code capability} is blank
     */
    public static HealthCheck circuitBreaker(String capability, CircuitBreaker breaker) {
        Objects.requireNonNull(breaker, "breaker");
        return circuitBreaker(capability, breaker::state);
    }

    /**
     * Returns a check that is {@code OUT_OF_SERVICE} while {@code isOpen} is true and {@code UP}
     * otherwise: the simplest breaker adapter.
     *
     * @param capability what the breaker protects, for the message
     * @param isOpen whether calls are currently rejected
     * @return a check
     */
    public static HealthCheck circuitBreakerOpen(String capability, BooleanSupplier isOpen) {
        Arguments.notBlank("capability", capability);
        Objects.requireNonNull(isOpen, "isOpen");
        return () -> isOpen.getAsBoolean()
                ? HealthResult.builder(HealthStatus.OUT_OF_SERVICE)
                        .message("circuit breaker is open: cannot serve " + capability + " now")
                        .detail("open", true)
                        .build()
                : HealthResult.builder(HealthStatus.UP).detail("open", false).build();
    }

    /**
     * Returns a check of a bulkhead's saturation ({@code 1 - available / max}): {@code OUT_OF_SERVICE}
     * when no permit is available, {@code DEGRADED} when saturation reaches
     * {@code degradedSaturationRatio}, {@code UP} below, {@code UNKNOWN} if {@code max} is not
     * positive. Details: {@code available}, {@code max}, {@code saturationRatio}.
     *
     * @param capability what the bulkhead protects, for the message
     * @param available reads the number of free permits
     * @param max reads the total number of permits
     * @param degradedSaturationRatio saturation in (0, 1] from which the check is {@code DEGRADED}
     * @return a check
     * @throws IllegalArgumentException if {@code degradedSaturationRatio} is outside (0, 1]
     */
    public static HealthCheck bulkhead(
            String capability, IntSupplier available, IntSupplier max, double degradedSaturationRatio) {
        Arguments.notBlank("capability", capability);
        Objects.requireNonNull(available, "available");
        Objects.requireNonNull(max, "max");
        Arguments.inOpenClosed("degradedSaturationRatio", degradedSaturationRatio, 0, 1);
        return () -> {
            int free = available.getAsInt();
            int total = max.getAsInt();
            if (total <= 0) {
                return HealthResult.builder(HealthStatus.UNKNOWN)
                        .message("bulkhead has no permits configured")
                        .detail("available", free)
                        .detail("max", total)
                        .build();
            }
            double saturation = Math.min(1.0, Math.max(0.0, 1.0 - (double) free / total));
            HealthResult.Builder result;
            if (free <= 0) {
                result = HealthResult.builder(HealthStatus.OUT_OF_SERVICE)
                        .message("bulkhead is full: cannot serve " + capability + " now");
            } else if (saturation >= degradedSaturationRatio) {
                result = HealthResult.builder(HealthStatus.DEGRADED)
                        .message("bulkhead is " + Math.round(saturation * 100) + "% saturated");
            } else {
                result = HealthResult.builder(HealthStatus.UP);
            }
            return result.detail("available", free)
                    .detail("max", total)
                    .detail("saturationRatio", saturation)
                    .build();
        };
    }

    /**
     * Returns a check of a Nines bulkhead's saturation, with the mapping of
     * {@link #bulkhead(String, IntSupplier, IntSupplier, double)}: {@code OUT_OF_SERVICE} when every
     * permit is taken, {@code DEGRADED} from {@code degradedSaturationRatio}, {@code UP} below.
     *
     * @param capability what the bulkhead protects, for the message
     * @param bulkhead the bulkhead, whose free permits are read on every run
     * @param degradedSaturationRatio saturation in (0, 1] from which the check is {@code DEGRADED}
     * @return a check
     * @throws IllegalArgumentException if {@code capability} is blank or {@code degradedSaturationRatio}
     *     is outside (0, 1]
     */
    public static HealthCheck bulkhead(String capability, Bulkhead bulkhead, double degradedSaturationRatio) {
        Objects.requireNonNull(bulkhead, "bulkhead");
        return bulkhead(capability, bulkhead::availablePermits, bulkhead::maxConcurrentCalls, degradedSaturationRatio);
    }

    /**
     * Returns a check of a recent failure ratio (e.g. a breaker's sliding window): {@code UP} below
     * {@code degradedRatio}, {@code DEGRADED} from it, {@code OUT_OF_SERVICE} from
     * {@code outOfServiceRatio}. A NaN ratio (no recent calls) is {@code UP} with detail
     * {@code failureRatio="NaN"}: no traffic is no evidence of failure.
     *
     * @param capability what the calls do, for the message
     * @param failureRatio reads the failure ratio in [0, 1], or NaN without data
     * @param degradedRatio ratio in (0, 1] from which the check is {@code DEGRADED}
     * @param outOfServiceRatio ratio in [degradedRatio, 1] from which it is {@code OUT_OF_SERVICE}
     * @return a check
     * @throws IllegalArgumentException if a ratio is outside its range
     */
    public static HealthCheck failureRatio(
            String capability, DoubleSupplier failureRatio, double degradedRatio, double outOfServiceRatio) {
        Arguments.notBlank("capability", capability);
        Objects.requireNonNull(failureRatio, "failureRatio");
        Arguments.inOpenClosed("degradedRatio", degradedRatio, 0, 1);
        Arguments.inClosed("outOfServiceRatio", outOfServiceRatio, degradedRatio, 1);
        return () -> {
            double ratio = failureRatio.getAsDouble();
            HealthResult.Builder result;
            if (Double.isNaN(ratio) || ratio < degradedRatio) {
                result = HealthResult.builder(HealthStatus.UP);
            } else if (ratio >= outOfServiceRatio) {
                result = HealthResult.builder(HealthStatus.OUT_OF_SERVICE)
                        .message(Math.round(ratio * 100) + "% of recent " + capability + " calls failed: cannot serve "
                                + capability + " now");
            } else {
                result = HealthResult.builder(HealthStatus.DEGRADED)
                        .message(Math.round(ratio * 100) + "% of recent " + capability + " calls failed");
            }
            return result.detail("failureRatio", ratio).build();
        };
    }
}
