/**
 * {@code /d2ora/update/1.0.0}: fetch content from a peer by its digest (the node moves update files
 * over it; the protocol id keeps the name it has on the wire). Streamed, size-limited, timed out,
 * with concurrency limits on both sides; the fetcher verifies the bytes against the requested
 * digest with an application-supplied {@link io.d2ora.p2p.rpc.ContentDigest} before returning them.
 */
package io.d2ora.p2p.rpc;
