/**
 * Helpers for {@code scripts/demo.sh}: {@code d2ora demo score} evaluates several adapters on
 * several test splits with the base model loaded once (one JVM instead of one per pair).
 */
package io.d2ora.app.demo;
