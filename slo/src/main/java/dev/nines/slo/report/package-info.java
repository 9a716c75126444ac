/**
 * SLO and SLA reports for a period as plain text, JSON and a self-contained HTML page with inline
 * SVG charts (error-budget burn-down, availability per month, incident timeline), readable without
 * JavaScript. Start with {@link dev.nines.slo.report.SloReport#of}.
 */
@NullMarked
package dev.nines.slo.report;

import org.jspecify.annotations.NullMarked;
