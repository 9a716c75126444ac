package dev.nines.slo.incident;

/** How serious an incident is, from {@link #SEV1} (most severe) to {@link #SEV4}. */
public enum IncidentSeverity {
    /** Critical: a core service is down for many users. */
    SEV1,
    /** Major: significant degradation or a core feature unavailable. */
    SEV2,
    /** Minor: limited impact, a workaround exists. */
    SEV3,
    /** Low: cosmetic or internal-only impact. */
    SEV4
}
