package io.d2ora.p2p.pubsub;

/**
 * Weights and thresholds of the router's peer score. The score is a simplified gossipsub v1.1 score
 * (spec section "Peer Scoring"): only the penalty terms are kept, as per-peer counters that decay
 * multiplicatively every heartbeat, so a peer that stops misbehaving recovers.
 *
 * <pre>
 * score = -(invalidMessageWeight * invalid) - (protocolViolationWeight * violations)
 *         - (behaviourPenaltyWeight * behaviour^2)
 * </pre>
 *
 * Thresholds, as in the spec, satisfy {@code disconnect <= graylist <= publish <= gossip <= 0}:
 * below {@code gossipThreshold} no gossip is exchanged with the peer, below {@code
 * publishThreshold} our own messages are not sent to it, below {@code graylistThreshold} its RPCs
 * are ignored, and below {@code disconnectThreshold} it is disconnected.
 *
 * @param invalidMessageWeight per message with a bad signature or rejected by a validator
 * @param protocolViolationWeight per malformed RPC or protocol breach
 * @param behaviourPenaltyWeight per squared misbehaviour (GRAFT in backoff, flooding)
 * @param decay factor every counter is multiplied by each heartbeat, in (0, 1)
 * @param gossipThreshold see above
 * @param publishThreshold see above
 * @param graylistThreshold see above
 * @param disconnectThreshold see above
 */
public record PeerScoreConfig(
    double invalidMessageWeight,
    double protocolViolationWeight,
    double behaviourPenaltyWeight,
    double decay,
    double gossipThreshold,
    double publishThreshold,
    double graylistThreshold,
    double disconnectThreshold) {

  /** Ten invalid messages disconnect a peer; a few slips are forgiven within a minute. */
  public static final PeerScoreConfig DEFAULT =
      new PeerScoreConfig(10, 20, 1, 0.95, -10, -50, -80, -100);

  public PeerScoreConfig {
    if (!(disconnectThreshold <= graylistThreshold
        && graylistThreshold <= publishThreshold
        && publishThreshold <= gossipThreshold
        && gossipThreshold <= 0)) {
      throw new IllegalArgumentException(
          "expected disconnect <= graylist <= publish <= gossip <= 0, got %s <= %s <= %s <= %s"
              .formatted(
                  disconnectThreshold, graylistThreshold, publishThreshold, gossipThreshold));
    }
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
    }
  }
}
