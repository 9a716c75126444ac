/**
 * Multi-window, multi-burn-rate alerting on SLO error budgets (Google SRE Workbook, "Alerting on
 * SLOs"), with a pending / firing / resolved lifecycle and budget-consumption notifications.
 *
 * <p>Nothing runs by itself: the application calls {@link dev.nines.slo.alert.SloAlerts#evaluate()}
 * (typically every 30 to 60 seconds from its own scheduler) and listens for events.
 */
package dev.nines.slo.alert;
