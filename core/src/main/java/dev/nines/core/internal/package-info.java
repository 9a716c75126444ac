/**
 * Helpers shared by the Nines modules. Not part of the public API: anything here may change or
 * disappear in any release.
 */
package dev.nines.core.internal;
