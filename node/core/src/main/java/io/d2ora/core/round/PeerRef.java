package io.d2ora.core.round;

/**
 * An opaque handle on a network peer, as the {@link UpdateExchange} names it (over libp2p: the
 * base58 peer ID). The round logic only passes it back to the exchange (to fetch from, or to
 * penalise); it never interprets it.
 *
 * @param id the exchange's identifier for the peer, non-blank
 */
public record PeerRef(String id) {
  public PeerRef {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a peer reference needs a non-blank id, got '" + id + "'");
    }
  }

  @Override
  public String toString() {
    return id;
  }
}
