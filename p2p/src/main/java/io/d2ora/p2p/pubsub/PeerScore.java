package io.d2ora.p2p.pubsub;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-peer penalty counters and the score derived from them (see {@link PeerScoreConfig}). Entries
 * outlive a disconnection until they decay to nothing, so reconnecting does not launder a bad
 * score. Not thread-safe: owned by the router thread.
 */
final class PeerScore {
  private static final double NEGLIGIBLE = 0.01;

  private final PeerScoreConfig config;
  private final Map<PeerKey, Counters> counters = new HashMap<>();

  PeerScore(PeerScoreConfig config) {
    this.config = config;
  }

  /** The reasons a peer is penalised, each with its own counter. */
  enum Penalty {
    INVALID_MESSAGE,
    PROTOCOL_VIOLATION,
    BEHAVIOUR
  }

  private static final class Counters {
    double invalid;
    double violations;
    double behaviour;
    int messagesThisHeartbeat;
  }

  double score(PeerKey peer) {
    Counters c = counters.get(peer);
    if (c == null) {
      return 0;
    }
    return -(config.invalidMessageWeight() * c.invalid)
        - (config.protocolViolationWeight() * c.violations)
        - (config.behaviourPenaltyWeight() * c.behaviour * c.behaviour);
  }

  /** Adds one penalty and returns the new score. */
  double penalise(PeerKey peer, Penalty penalty) {
    Counters c = counters.computeIfAbsent(peer, p -> new Counters());
    switch (penalty) {
      case INVALID_MESSAGE -> c.invalid++;
      case PROTOCOL_VIOLATION -> c.violations++;
      case BEHAVIOUR -> c.behaviour++;
    }
    return score(peer);
  }

  /**
   * Counts one inbound message; true while the peer stays within its per-heartbeat allowance.
   * Beyond it, each message is a behaviour penalty (flooding).
   */
  boolean countMessage(PeerKey peer, int maxPerHeartbeat) {
    Counters c = counters.computeIfAbsent(peer, p -> new Counters());
    if (++c.messagesThisHeartbeat <= maxPerHeartbeat) {
      return true;
    }
    c.behaviour++;
    return false;
  }

  boolean belowGossip(PeerKey peer) {
    return score(peer) < config.gossipThreshold();
  }

  boolean belowPublish(PeerKey peer) {
    return score(peer) < config.publishThreshold();
  }

  boolean belowGraylist(PeerKey peer) {
    return score(peer) < config.graylistThreshold();
  }

  boolean belowDisconnect(PeerKey peer) {
    return score(peer) < config.disconnectThreshold();
  }

  /** Once per heartbeat: decay every counter and forget peers whose record has faded. */
  void decay() {
    double f = config.decay();
    counters
        .values()
        .removeIf(
            c -> {
              c.invalid *= f;
              c.violations *= f;
              c.behaviour *= f;
              c.messagesThisHeartbeat = 0;
              return c.invalid < NEGLIGIBLE
                  && c.violations < NEGLIGIBLE
                  && c.behaviour < NEGLIGIBLE;
            });
  }
}
