/**
 * Composite availability and dependency risk: a graph of services whose dependencies are required
 * all (AND), any (OR) or k of n, with the exact availability of any node (shared dependencies
 * counted once), single points of failure, the gain of adding redundancy, transitive dependencies
 * and cycle detection. Start with {@link dev.nines.slo.dependency.DependencyGraph#builder()}.
 */
@NullMarked
package dev.nines.slo.dependency;

import org.jspecify.annotations.NullMarked;
