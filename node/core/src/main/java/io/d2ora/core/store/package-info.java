/**
 * Durable local state of a node, in its data directory: a content-addressed store of files named by
 * their hash ({@link io.d2ora.core.store.ContentStore}) and small append-only journals of JSON
 * records ({@link io.d2ora.core.store.JournalFile}). Every write is atomic (temporary file, fsync,
 * rename, directory fsync), so a node killed at any instant finds either the old or the new state,
 * never a torn one. Reads verify: a stored file whose bytes no longer match its name is reported
 * missing, not returned.
 */
package io.d2ora.core.store;
