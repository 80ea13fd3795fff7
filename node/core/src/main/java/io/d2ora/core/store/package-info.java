/**
 * Content naming and durable local state of a node. {@link io.d2ora.core.store.ContentHash} is
 * core's one 32-byte hash type and {@link io.d2ora.core.store.Keccak256} its one digest (Ethereum's
 * keccak-256, as the registry contract computes it): update files, aggregates, round configs and
 * base models are all named by it. In the node's data directory: a content-addressed store of files
 * named by their hash ({@link io.d2ora.core.store.ContentStore}) and small append-only journals of
 * JSON records ({@link io.d2ora.core.store.JournalFile}). Every write goes through {@link
 * io.d2ora.core.store.AtomicFiles} (temporary file, fsync, rename, directory fsync), the one writer
 * core and node/app use for files that must not tear, so a node killed at any instant finds either
 * the old or the new state, never a torn one. Reads verify: a stored file whose bytes no longer
 * match its name is reported missing, not returned.
 */
package io.d2ora.core.store;
