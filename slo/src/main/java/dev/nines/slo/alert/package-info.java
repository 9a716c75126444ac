/**
 * Multi-window, multi-burn-rate alerting on SLO error budgets (Google SRE Workbook, "Alerting on
 * SLOs"), with a pending / firing / resolved lifecycle and budget-consumption notifications.
 *
 * <p>Nothing runs by itself: the application calls {@link dev.nines.slo.alert.SloAlerts#evaluate()}
 * (typically every 30 to 60 seconds from its own scheduler) and listens for events.
 *
 * <p>{@link dev.nines.slo.alert.NoDataWatch} watches the input itself: a tracker that records
 * nothing while a {@link dev.nines.slo.alert.TrafficExpectation} expects traffic gets the silence
 * marked no-data, with {@link dev.nines.slo.alert.NoDataEvent}s at its start and end.
 */
@NullMarked
package dev.nines.slo.alert;

import org.jspecify.annotations.NullMarked;
