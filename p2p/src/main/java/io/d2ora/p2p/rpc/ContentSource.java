package io.d2ora.p2p.rpc;

import java.util.Optional;

/**
 * Where served content comes from. Called on the exchange's worker executor (never on an event
 * loop), so it may read files. Must be thread-safe.
 */
@FunctionalInterface
public interface ContentSource {
  /** The content whose hash is {@code hash}, if we have it. */
  Optional<byte[]> find(byte[] hash);
}
