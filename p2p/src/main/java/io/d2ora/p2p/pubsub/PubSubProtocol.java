package io.d2ora.p2p.pubsub;

import java.util.Optional;

/** The pubsub protocol ids this router speaks, newest first (the order they are proposed in). */
public enum PubSubProtocol {
  MESHSUB_V11("/meshsub/1.1.0"),
  MESHSUB_V10("/meshsub/1.0.0"),
  FLOODSUB("/floodsub/1.0.0");

  private final String id;

  PubSubProtocol(String id) {
    this.id = id;
  }

  /** The multistream protocol id. */
  public String id() {
    return id;
  }

  /** True for gossipsub versions (mesh, gossip, control messages); false for floodsub. */
  public boolean isGossip() {
    return this != FLOODSUB;
  }

  /** True when PRUNE carries peer exchange and backoff (gossipsub v1.1). */
  public boolean supportsPeerExchange() {
    return this == MESHSUB_V11;
  }

  /** The protocol with this id, if we speak it. */
  public static Optional<PubSubProtocol> fromId(String id) {
    for (PubSubProtocol protocol : values()) {
      if (protocol.id.equals(id)) {
        return Optional.of(protocol);
      }
    }
    return Optional.empty();
  }
}
