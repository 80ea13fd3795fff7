package io.d2ora.p2p.pubsub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossipsub v1.1 router state machine (github.com/libp2p/specs, pubsub/gossipsub), with
 * floodsub peers served by flooding. It owns the topic membership, mesh, fanout, message cache,
 * seen-cache, backoffs and scores, and talks to the world only through {@link RouterIo} and {@link
 * Inbox}, so it runs the same over sockets and over in-memory peers.
 *
 * <p>Threading: not thread-safe. Every method must be called on one thread (the router thread);
 * {@code executor} runs tasks on that thread and is used to resume after asynchronous validation.
 */
final class GossipRouter {
  private static final Logger LOG = LoggerFactory.getLogger(GossipRouter.class);
  private static final int SEEN_CAPACITY = 1 << 18;
  private static final int OUTBOUND_FRAME_MARGIN = 512 * 1024;

  final GossipSubConfig config;
  final RouterIo io;
  final Random random;
  final LongSupplier clock;
  final PeerScore score;
  final MessageCache mcache;
  final PendingRpcs pending = new PendingRpcs();
  final Map<PeerKey, PubSubProtocol> peers = new HashMap<>();
  final Map<String, Set<PeerKey>> topicPeers = new HashMap<>();
  final Set<String> subscriptions = new LinkedHashSet<>();
  final Map<String, Set<PeerKey>> mesh = new HashMap<>();
  final Map<String, Set<PeerKey>> fanout = new HashMap<>();
  final Map<String, Long> fanoutLastPublished = new HashMap<>();
  final Backoffs backoffs = new Backoffs();
  final Map<PeerKey, Integer> ihavesThisHeartbeat = new HashMap<>();
  final Map<PeerKey, Integer> idsAskedThisHeartbeat = new HashMap<>();
  private final Inbox inbox;
  private final MessageVerifier verifier;
  private final MessageIdFunction idFunction;
  private final Executor executor;
  private final SeenCache seen;
  private final ControlHandler control;
  private final Heartbeat heartbeat;

  GossipRouter(
      GossipSubConfig config,
      RouterIo io,
      Inbox inbox,
      MessageVerifier verifier,
      MessageIdFunction idFunction,
      Executor executor,
      LongSupplier clock,
      Random random) {
    this.config = config;
    this.io = io;
    this.inbox = inbox;
    this.verifier = verifier;
    this.idFunction = idFunction;
    this.executor = executor;
    this.clock = clock;
    this.random = random;
    this.score = new PeerScore(config.score());
    this.mcache = new MessageCache(config.mcacheLength(), config.mcacheGossip());
    this.seen = new SeenCache(config.seenTtl().toMillis(), SEEN_CAPACITY);
    this.control = new ControlHandler(this);
    this.heartbeat = new Heartbeat(this, control);
  }

  // ---- peers ----------------------------------------------------------------------------------

  /** A peer opened (or we opened to it) a pubsub stream speaking {@code protocol}. */
  void addPeer(PeerKey peer, PubSubProtocol protocol) {
    if (peers.putIfAbsent(peer, protocol) != null) {
      return;
    }
    for (String topic : subscriptions) {
      pending.subscription(peer, new Rpc.SubOpts(true, topic));
    }
    flush();
  }

  /** The peer disconnected or its pubsub stream died: forget its membership (not its score). */
  void removePeer(PeerKey peer) {
    if (peers.remove(peer) == null) {
      return;
    }
    topicPeers.values().forEach(set -> set.remove(peer));
    mesh.values().forEach(set -> set.remove(peer));
    fanout.values().forEach(set -> set.remove(peer));
    ihavesThisHeartbeat.remove(peer);
    idsAskedThisHeartbeat.remove(peer);
  }

  // ---- inbound --------------------------------------------------------------------------------

  /** Handles one decoded RPC from a peer. */
  void handleRpc(PeerKey from, Rpc rpc) {
    if (!peers.containsKey(from)) {
      return;
    }
    if (score.belowGraylist(from)) {
      // Ignored unread; a peer that keeps talking while graylisted drifts to disconnection.
      LOG.debug("ignoring RPC from graylisted peer {}", from);
      score.penalise(from, PeerScore.Penalty.BEHAVIOUR);
      disconnectIfBelowThreshold(from);
      return;
    }
    for (Rpc.SubOpts sub : rpc.subscriptions()) {
      handleSubscription(from, sub);
    }
    for (WireMessage message : rpc.messages()) {
      handleMessage(from, message);
    }
    // Handling the messages may have scored the peer out and removed it.
    PubSubProtocol protocol = peers.get(from);
    if (protocol != null && protocol.isGossip()) {
      control.handle(from, rpc.control());
    }
    flush();
  }

  /** The peer sent bytes that do not decode or break the protocol. */
  void handleProtocolViolation(PeerKey from, String reason) {
    LOG.debug("protocol violation by {}: {}", from, reason);
    score.penalise(from, PeerScore.Penalty.PROTOCOL_VIOLATION);
    disconnectIfBelowThreshold(from);
  }

  private void handleSubscription(PeerKey from, Rpc.SubOpts sub) {
    if (sub.subscribe()) {
      topicPeers.computeIfAbsent(sub.topic(), t -> new HashSet<>()).add(from);
    } else {
      Set<PeerKey> set = topicPeers.get(sub.topic());
      if (set != null) {
        set.remove(from);
      }
      Set<PeerKey> meshPeers = mesh.get(sub.topic());
      if (meshPeers != null) {
        meshPeers.remove(from);
      }
      Set<PeerKey> fanoutPeers = fanout.get(sub.topic());
      if (fanoutPeers != null) {
        fanoutPeers.remove(from);
      }
    }
  }

  private void handleMessage(PeerKey from, WireMessage message) {
    if (!score.countMessage(from, config.maxMessagesPerHeartbeat())) {
      disconnectIfBelowThreshold(from);
      return;
    }
    if (!subscriptions.contains(message.topic())) {
      return;
    }
    if (!verifier.verify(message)) {
      reject(from, "invalid signature");
      return;
    }
    MessageId id;
    try {
      id = idFunction.apply(message);
    } catch (IllegalArgumentException e) {
      reject(from, "no message id: " + e.getMessage());
      return;
    }
    if (!seen.add(id, clock.getAsLong())) {
      return;
    }
    CompletionStage<ValidationResult> verdict;
    try {
      verdict = inbox.validate(message, id, from);
    } catch (RuntimeException e) {
      LOG.warn("validator for topic {} failed; ignoring message {}", message.topic(), id, e);
      return;
    }
    verdict.whenComplete(
        (result, error) ->
            executor.execute(() -> afterValidation(from, message, id, result, error)));
  }

  private void afterValidation(
      PeerKey from, WireMessage message, MessageId id, ValidationResult result, Throwable error) {
    if (error != null || result == null) {
      LOG.warn("validator for topic {} failed; ignoring message {}", message.topic(), id, error);
      return;
    }
    switch (result) {
      case ACCEPT -> {
        mcache.put(id, message);
        inbox.deliver(message, id, from);
        forward(message, from);
        flush();
      }
      case IGNORE -> LOG.trace("message {} ignored by validator", id);
      case REJECT -> reject(from, "rejected by validator");
    }
  }

  private void reject(PeerKey from, String reason) {
    LOG.debug("invalid message from {}: {}", from, reason);
    score.penalise(from, PeerScore.Penalty.INVALID_MESSAGE);
    disconnectIfBelowThreshold(from);
  }

  /** Forwards to the topic's mesh (gossipsub peers) and to all its floodsub peers. */
  private void forward(WireMessage message, PeerKey source) {
    PeerKey author = message.from() == null ? null : new PeerKey(message.from());
    for (PeerKey peer : forwardTargets(message.topic())) {
      if (!peer.equals(source) && !peer.equals(author)) {
        pending.message(peer, message);
      }
    }
  }

  private Set<PeerKey> forwardTargets(String topic) {
    Set<PeerKey> targets = new HashSet<>(mesh.getOrDefault(topic, Set.of()));
    for (PeerKey peer : topicPeers.getOrDefault(topic, Set.of())) {
      if (peers.get(peer) == PubSubProtocol.FLOODSUB) {
        targets.add(peer);
      }
    }
    return targets;
  }

  void disconnectIfBelowThreshold(PeerKey peer) {
    if (score.belowDisconnect(peer) && peers.containsKey(peer)) {
      LOG.info("disconnecting {}: score {} below threshold", peer, score.score(peer));
      removePeer(peer);
      io.disconnect(peer, "pubsub score %.1f below threshold".formatted(score.score(peer)));
    }
  }

  // ---- local API ------------------------------------------------------------------------------

  void subscribe(String topic) {
    if (!subscriptions.add(topic)) {
      return;
    }
    announce(topic, true);
    heartbeat.join(topic);
    flush();
  }

  void unsubscribe(String topic) {
    if (!subscriptions.remove(topic)) {
      return;
    }
    announce(topic, false);
    heartbeat.leave(topic);
    flush();
  }

  private void announce(String topic, boolean subscribe) {
    for (PeerKey peer : peers.keySet()) {
      pending.subscription(peer, new Rpc.SubOpts(subscribe, topic));
    }
  }

  /**
   * Publishes our own signed message; returns the number of peers it was sent to. The message is
   * marked seen and cached so that it is gossiped and not echoed back.
   */
  int publish(WireMessage message) {
    MessageId id = idFunction.apply(message);
    seen.add(id, clock.getAsLong());
    mcache.put(id, message);
    Set<PeerKey> targets = publishTargets(message.topic());
    for (PeerKey peer : targets) {
      pending.message(peer, message);
    }
    flush();
    return targets.size();
  }

  private Set<PeerKey> publishTargets(String topic) {
    Set<PeerKey> targets = new HashSet<>();
    Set<PeerKey> inTopic = topicPeers.getOrDefault(topic, Set.of());
    if (config.floodPublish()) {
      targets.addAll(inTopic);
    } else if (subscriptions.contains(topic)) {
      targets.addAll(mesh.getOrDefault(topic, Set.of()));
    } else {
      targets.addAll(heartbeat.fanoutFor(topic));
      fanoutLastPublished.put(topic, clock.getAsLong());
    }
    for (PeerKey peer : inTopic) {
      if (peers.get(peer) == PubSubProtocol.FLOODSUB) {
        targets.add(peer);
      }
    }
    targets.removeIf(score::belowPublish);
    return targets;
  }

  /** One heartbeat: mesh and fanout maintenance, gossip emission, cache and score ageing. */
  void heartbeat() {
    heartbeat.run();
    seen.prune(clock.getAsLong());
    flush();
  }

  // ---- helpers shared with Heartbeat and ControlHandler ---------------------------------------

  boolean seen(MessageId id) {
    return seen.contains(id, clock.getAsLong());
  }

  /** Gossipsub peers subscribed to {@code topic} matching no exclusion, in random order. */
  List<PeerKey> gossipPeers(String topic, java.util.function.Predicate<PeerKey> exclude) {
    List<PeerKey> out = new ArrayList<>();
    for (PeerKey peer : topicPeers.getOrDefault(topic, Set.of())) {
      PubSubProtocol protocol = peers.get(peer);
      if (protocol != null && protocol.isGossip() && !exclude.test(peer)) {
        out.add(peer);
      }
    }
    Collections.shuffle(out, random);
    return out;
  }

  void flush() {
    int max = config.rpcLimits().maxFrameBytes();
    pending.flush(io, Math.max(max / 2, max - OUTBOUND_FRAME_MARGIN));
  }

  // ---- queries (for GossipSub and tests) ------------------------------------------------------

  Set<PeerKey> meshPeers(String topic) {
    return Set.copyOf(mesh.getOrDefault(topic, Set.of()));
  }

  Set<PeerKey> topicPeers(String topic) {
    return Set.copyOf(topicPeers.getOrDefault(topic, Set.of()));
  }

  double score(PeerKey peer) {
    return score.score(peer);
  }
}
