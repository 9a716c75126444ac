/**
 * Traffic forecasting for capacity planning: a regular {@link dev.nines.capacity.forecast.TimeSeries}
 * with explicit gap filling, exponential smoothing models (simple, Holt linear, Holt-Winters additive
 * and multiplicative, agreeing with R's {@code stats::HoltWinters}), baselines (seasonal naive, linear
 * trend), prediction intervals, an {@link dev.nines.capacity.forecast.EventCalendar} for campaigns and
 * holidays, accuracy metrics with rolling-origin backtesting and model selection, and the capacity
 * questions asked of a forecast (peaks, monthly growth, threshold crossing).
 *
 * <p>Multiple seasonalities (daily and weekly on hourly data) are handled by fitting Holt-Winters on
 * the longest period (168 hours): the weekly seasonal profile holds 168 hourly factors, which contain
 * the daily cycle of every weekday. This needs two weeks of history at least (two full periods) and
 * adapts each hour-of-week factor once a week.
 */
@NullMarked
package dev.nines.capacity.forecast;

import org.jspecify.annotations.NullMarked;
