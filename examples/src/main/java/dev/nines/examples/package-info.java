/**
 * Runnable programs that embed each part of Nines in an application, including the main demo
 * described in the README.
 */
package dev.nines.examples;
