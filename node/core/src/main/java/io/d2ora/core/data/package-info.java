/**
 * Labelled text data: JSONL files of {@code {"text": ..., "label": ...}} lines (any label set),
 * read with file:line errors, label sets, and seeded shuffling into batches.
 */
package io.d2ora.core.data;
