package dev.nines.slo.alert;

/** How urgently an alert needs a human. */
public enum Severity {
    /** Wake someone up now. */
    PAGE,
    /** Open a ticket for working hours. */
    TICKET
}
