package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.Optional;

/**
 * Where an {@link UpdateExchange} finds the bytes it serves to peers: in the node, the content
 * store ({@code store::get}). Called on the exchange's threads; must be thread-safe.
 */
@FunctionalInterface
public interface UpdateSource {
  /** The bytes named {@code hash}, if this node holds them. */
  Optional<byte[]> find(ContentHash hash);
}
