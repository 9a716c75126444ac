/**
 * SLIs at the JDK's own HTTP boundaries, with no dependency beyond the JDK: {@link
 * dev.nines.slo.http.SloHttpFilter} records a server SLI per route of a
 * {@code com.sun.net.httpserver.HttpServer}, and {@link dev.nines.slo.http.ResilientHttpClient}
 * runs {@code java.net.http.HttpClient} calls through a {@link dev.nines.core.pipeline.Pipeline}
 * and records a client SLI.
 */
@NullMarked
package dev.nines.slo.http;

import org.jspecify.annotations.NullMarked;
