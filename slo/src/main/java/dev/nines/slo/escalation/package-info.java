/**
 * Escalation policies: who is paged when an incident opens, and who next when nobody acknowledges
 * in time or the burn continues after a person said it was mitigated. On-call schedules hand off
 * across time zones at local times, correct across daylight-saving changes. Driven by the time
 * source and the scheduler the application passes in; pages leave through the
 * {@link dev.nines.slo.escalation.PageListener} SPI.
 */
@NullMarked
package dev.nines.slo.escalation;

import org.jspecify.annotations.NullMarked;
