/**
 * Runnable programs that embed each part of Nines in an application, including the main demo
 * described in the README.
 */
@NullMarked
package dev.nines.examples;

import org.jspecify.annotations.NullMarked;
