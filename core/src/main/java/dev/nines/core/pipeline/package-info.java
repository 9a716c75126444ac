/**
 * Composition of resilience policies: {@link dev.nines.core.pipeline.Resilience#pipeline()} stacks a
 * fallback, stale cache, retry, circuit breaker, rate limiter, time limiter, bulkhead and adaptive
 * limiter around a call, always in the conventional order documented on
 * {@link dev.nines.core.pipeline.Pipeline}. The pipeline is a loop over stages that the policies
 * bring; {@link dev.nines.core.pipeline.PipelineStage} is the SPI for stages of your own.
 */
@NullMarked
package dev.nines.core.pipeline;

import org.jspecify.annotations.NullMarked;
