package io.d2ora.p2p.pubsub;

import java.time.Duration;
import java.util.Objects;

/**
 * Gossipsub v1.1 router parameters. Defaults are the spec's (and js-libp2p's): D=6, D_lo=4,
 * D_hi=12, D_lazy=6, heartbeat 1 s, fanout TTL 60 s, mcache 5 windows of which 3 are gossiped,
 * PRUNE backoff 60 s. Build with {@link #builder()}.
 *
 * @param d the desired mesh degree
 * @param dLo below this, the heartbeat grafts peers up to {@code d}
 * @param dHi above this, the heartbeat prunes peers down to {@code d}
 * @param dLazy minimum number of peers to send IHAVE gossip to per topic per heartbeat
 * @param dScore peers kept by score (best first) when pruning an oversubscribed mesh
 * @param gossipFactor fraction of eligible non-mesh peers to gossip to, if more than {@code dLazy}
 * @param heartbeatInterval time between heartbeats
 * @param fanoutTtl fanout state for a topic we publish to but are not subscribed to expires after
 * @param mcacheLength history windows kept for IWANT
 * @param mcacheGossip history windows advertised in IHAVE
 * @param seenTtl how long a message id stays in the seen-cache
 * @param pruneBackoff how long a pruned peer may not re-graft (spec: 1 minute)
 * @param unsubscribeBackoff backoff announced when we leave a topic
 * @param prunePeers how many peer exchange candidates a PRUNE carries and we accept
 * @param maxIHaveLength message ids requested per peer per heartbeat
 * @param maxIHaveMessages IHAVE messages processed per peer per heartbeat
 * @param gossipRetransmission times one message is served to one peer via IWANT
 * @param floodPublish publish our own messages to every topic peer above the publish threshold
 * @param maxMessagesPerHeartbeat messages accepted from one peer per heartbeat before it counts as
 *     flooding
 * @param rpcLimits frame and field limits for inbound RPCs
 * @param score peer scoring weights and thresholds
 * @param messageIdFunction how message ids are computed; must match the other peers' (default: js
 *     StrictSign, {@link MessageIdFunction#PUBLIC_KEY_SEQNO})
 */
public record GossipSubConfig(
    int d,
    int dLo,
    int dHi,
    int dLazy,
    int dScore,
    double gossipFactor,
    Duration heartbeatInterval,
    Duration fanoutTtl,
    int mcacheLength,
    int mcacheGossip,
    Duration seenTtl,
    Duration pruneBackoff,
    Duration unsubscribeBackoff,
    int prunePeers,
    int maxIHaveLength,
    int maxIHaveMessages,
    int gossipRetransmission,
    boolean floodPublish,
    int maxMessagesPerHeartbeat,
    RpcLimits rpcLimits,
    PeerScoreConfig score,
    MessageIdFunction messageIdFunction) {

  public static final GossipSubConfig DEFAULT = builder().build();

  public GossipSubConfig {
    if (!(0 <= dLo && dLo <= d && d <= dHi)) {
      throw new IllegalArgumentException(
          "expected 0 <= dLo <= d <= dHi, got dLo=%d d=%d dHi=%d".formatted(dLo, d, dHi));
    }
    if (!(0 < mcacheGossip && mcacheGossip <= mcacheLength)) {
      throw new IllegalArgumentException(
          "expected 0 < mcacheGossip <= mcacheLength, got %d and %d"
              .formatted(mcacheGossip, mcacheLength));
    }
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException(
          "heartbeat interval must be > 0, got " + heartbeatInterval);
    }
    Objects.requireNonNull(rpcLimits, "rpcLimits");
    Objects.requireNonNull(score, "score");
    Objects.requireNonNull(messageIdFunction, "messageIdFunction");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from the defaults. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable builder; every setter returns {@code this}. */
  public static final class Builder {
    private int d = 6;
    private int dLo = 4;
    private int dHi = 12;
    private int dLazy = 6;
    private int dScore = 4;
    private double gossipFactor = 0.25;
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private Duration fanoutTtl = Duration.ofSeconds(60);
    private int mcacheLength = 5;
    private int mcacheGossip = 3;
    private Duration seenTtl = Duration.ofMinutes(2);
    private Duration pruneBackoff = Duration.ofMinutes(1);
    private Duration unsubscribeBackoff = Duration.ofSeconds(10);
    private int prunePeers = 16;
    private int maxIHaveLength = 5000;
    private int maxIHaveMessages = 10;
    private int gossipRetransmission = 3;
    private boolean floodPublish = true;
    private int maxMessagesPerHeartbeat = 1000;
    private RpcLimits rpcLimits = RpcLimits.DEFAULT;
    private PeerScoreConfig score = PeerScoreConfig.DEFAULT;
    private MessageIdFunction messageIdFunction = MessageIdFunction.PUBLIC_KEY_SEQNO;

    private Builder() {}

    private Builder(GossipSubConfig c) {
      d = c.d;
      dLo = c.dLo;
      dHi = c.dHi;
      dLazy = c.dLazy;
      dScore = c.dScore;
      gossipFactor = c.gossipFactor;
      heartbeatInterval = c.heartbeatInterval;
      fanoutTtl = c.fanoutTtl;
      mcacheLength = c.mcacheLength;
      mcacheGossip = c.mcacheGossip;
      seenTtl = c.seenTtl;
      pruneBackoff = c.pruneBackoff;
      unsubscribeBackoff = c.unsubscribeBackoff;
      prunePeers = c.prunePeers;
      maxIHaveLength = c.maxIHaveLength;
      maxIHaveMessages = c.maxIHaveMessages;
      gossipRetransmission = c.gossipRetransmission;
      floodPublish = c.floodPublish;
      maxMessagesPerHeartbeat = c.maxMessagesPerHeartbeat;
      rpcLimits = c.rpcLimits;
      score = c.score;
      messageIdFunction = c.messageIdFunction;
    }

    /** Sets D, D_lo and D_hi together. */
    public Builder degree(int newD, int newDLo, int newDHi) {
      d = newD;
      dLo = newDLo;
      dHi = newDHi;
      return this;
    }

    public Builder dLazy(int value) {
      dLazy = value;
      return this;
    }

    public Builder dScore(int value) {
      dScore = value;
      return this;
    }

    public Builder gossipFactor(double value) {
      gossipFactor = value;
      return this;
    }

    public Builder heartbeatInterval(Duration value) {
      heartbeatInterval = value;
      return this;
    }

    public Builder fanoutTtl(Duration value) {
      fanoutTtl = value;
      return this;
    }

    /** Sets the history length and how many of its windows are gossiped. */
    public Builder mcache(int length, int gossip) {
      mcacheLength = length;
      mcacheGossip = gossip;
      return this;
    }

    public Builder seenTtl(Duration value) {
      seenTtl = value;
      return this;
    }

    public Builder pruneBackoff(Duration value) {
      pruneBackoff = value;
      return this;
    }

    public Builder unsubscribeBackoff(Duration value) {
      unsubscribeBackoff = value;
      return this;
    }

    public Builder prunePeers(int value) {
      prunePeers = value;
      return this;
    }

    /** Sets the per-heartbeat IHAVE limits: ids requested and IHAVE messages processed. */
    public Builder ihaveLimits(int maxIds, int maxMessages) {
      maxIHaveLength = maxIds;
      maxIHaveMessages = maxMessages;
      return this;
    }

    public Builder gossipRetransmission(int value) {
      gossipRetransmission = value;
      return this;
    }

    public Builder floodPublish(boolean value) {
      floodPublish = value;
      return this;
    }

    public Builder maxMessagesPerHeartbeat(int value) {
      maxMessagesPerHeartbeat = value;
      return this;
    }

    public Builder rpcLimits(RpcLimits value) {
      rpcLimits = value;
      return this;
    }

    public Builder score(PeerScoreConfig value) {
      score = value;
      return this;
    }

    public Builder messageIdFunction(MessageIdFunction value) {
      messageIdFunction = value;
      return this;
    }

    public GossipSubConfig build() {
      return new GossipSubConfig(
          d,
          dLo,
          dHi,
          dLazy,
          dScore,
          gossipFactor,
          heartbeatInterval,
          fanoutTtl,
          mcacheLength,
          mcacheGossip,
          seenTtl,
          pruneBackoff,
          unsubscribeBackoff,
          prunePeers,
          maxIHaveLength,
          maxIHaveMessages,
          gossipRetransmission,
          floodPublish,
          maxMessagesPerHeartbeat,
          rpcLimits,
          score,
          messageIdFunction);
    }
  }
}
