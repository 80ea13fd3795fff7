/**
 * {@code /d2ora/update/1.0.0}: fetch content (update files) from a peer by hash. Streamed,
 * size-limited, timed out, with concurrency limits on both sides; the fetcher verifies the bytes
 * against the requested hash with an application-supplied hash function before returning them.
 */
package io.d2ora.p2p.rpc;
