/**
 * Helpers shared by the Nines modules. Not part of the public API: anything here may change or
 * disappear in any release.
 */
@NullMarked
package dev.nines.core.internal;

import org.jspecify.annotations.NullMarked;
