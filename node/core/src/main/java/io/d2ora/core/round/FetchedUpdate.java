package io.d2ora.core.round;

import java.util.Objects;

/**
 * Bytes a peer served for a requested hash, not yet verified against it.
 *
 * @param bytes the served bytes (owned by the receiver; not copied)
 * @param from the peer that served them, to penalise if they do not verify
 */
public record FetchedUpdate(byte[] bytes, PeerRef from) {
  public FetchedUpdate {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(from, "from");
  }
}
