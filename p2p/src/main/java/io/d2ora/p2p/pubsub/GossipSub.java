package io.d2ora.p2p.pubsub;

import io.d2ora.p2p.Connection;
import io.d2ora.p2p.ConnectionListener;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.PeerInfo;
import io.d2ora.p2p.identity.PeerId;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PubSub} over a {@link P2PNetwork}: gossipsub v1.1 ({@code /meshsub/1.1.0}, also {@code
 * /meshsub/1.0.0}) with {@code /floodsub/1.0.0} peers served by flooding, StrictSign messages.
 *
 * <p>It serves the three protocol ids, opens one long-lived outbound stream to every peer whose
 * identify lists one of them (or that opened one to us), reads uvarint-length-prefixed RPC frames
 * from inbound streams, and runs the {@link GossipRouter} and its heartbeat on one thread ({@code
 * d2ora-pubsub}). Peers whose score falls below the disconnect threshold are reported through
 * {@link P2PNetwork#reportMisbehavior} and disconnected.
 */
public final class GossipSub implements PubSub {
  private static final Logger LOG = LoggerFactory.getLogger(GossipSub.class);
  private static final long MAX_QUEUED_BYTES_PER_PEER = 32L * 1024 * 1024;
  private static final long QUERY_TIMEOUT_SECONDS = 10;
  private static final int MESSAGE_OVERHEAD_BYTES = 512;

  /**
   * Decoded inbound RPCs waiting for the pubsub thread, over all streams (each stream also has its
   * own bound, {@link InboundListener#maxQueuedBytes}): beyond it frames are dropped.
   */
  private static final long MAX_QUEUED_INBOUND_BYTES = 64L * 1024 * 1024;

  private record Handlers(Validator validator, MessageListener listener) {}

  private final P2PNetwork network;
  private final GossipSubConfig config;
  private final StrictSign signer = new StrictSign();
  private final ScheduledExecutorService executor;
  private final GossipRouter router;
  private final Map<String, Handlers> handlers = new HashMap<>();
  private final Map<PeerId, OutboundStream> outbound = new HashMap<>();
  private final ConnectionListener connectionListener = new Connections();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong queuedInbound = new AtomicLong();
  private final ScheduledFuture<?> heartbeat;
  private volatile Thread pubsubThread;

  private GossipSub(P2PNetwork network, GossipSubConfig config) {
    this.network = network;
    this.config = config;
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "d2ora-pubsub");
              thread.setDaemon(true);
              pubsubThread = thread;
              return thread;
            });
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
    long origin = System.nanoTime();
    this.router =
        new GossipRouter(
            config,
            new Io(),
            new Deliveries(),
            signer,
            config.messageIdFunction(),
            this::runOnPubSubThread,
            () -> (System.nanoTime() - origin) / 1_000_000,
            new Random(new SecureRandom().nextLong()));
    long period = config.heartbeatInterval().toMillis();
    this.heartbeat =
        executor.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts pubsub on {@code network} (started or not): registers the protocol handlers and the
   * connection listener, and greets peers that are already connected.
   */
  public static GossipSub attach(P2PNetwork network, GossipSubConfig config) {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(config, "config");
    GossipSub pubsub = new GossipSub(network, config);
    for (PubSubProtocol protocol : PubSubProtocol.values()) {
      network.setStreamHandler(protocol.id(), stream -> pubsub.onInboundStream(stream, protocol));
    }
    network.addConnectionListener(pubsub.connectionListener);
    for (PeerId peer : network.connectedPeers()) {
      pubsub.considerPeer(peer, network.identifiedProtocols(peer));
    }
    return pubsub;
  }

  /** {@link #attach(P2PNetwork, GossipSubConfig)} with the default configuration. */
  public static GossipSub attach(P2PNetwork network) {
    return attach(network, GossipSubConfig.DEFAULT);
  }

  // ---- PubSub --------------------------------------------------------------------------------

  @Override
  public void subscribe(String topic, Validator validator, MessageListener listener) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(listener, "listener");
    call(
        () -> {
          if (handlers.putIfAbsent(topic, new Handlers(validator, listener)) != null) {
            throw new IllegalStateException("already subscribed to topic " + topic);
          }
          router.subscribe(topic);
          return null;
        });
  }

  @Override
  public void unsubscribe(String topic) {
    call(
        () -> {
          if (handlers.remove(topic) != null) {
            router.unsubscribe(topic);
          }
          return null;
        });
  }

  @Override
  public CompletableFuture<PublishResult> publish(String topic, byte[] data) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(data, "data");
    int limit = config.rpcLimits().maxFrameBytes() - MESSAGE_OVERHEAD_BYTES;
    if (data.length > limit) {
      throw new IllegalArgumentException(
          "message of %d bytes exceeds the pubsub limit of %d: send large payloads over a stream"
              .formatted(data.length, limit));
    }
    WireMessage message = signer.sign(network.config().identity(), topic, data.clone());
    MessageId id = config.messageIdFunction().apply(message);
    return CompletableFuture.supplyAsync(
        () -> new PublishResult(id, router.publish(message)), executor);
  }

  @Override
  public Set<PeerId> peers(String topic) {
    return call(() -> toPeerIds(router.topicPeers(topic)));
  }

  @Override
  public Set<PeerId> meshPeers(String topic) {
    return call(() -> toPeerIds(router.meshPeers(topic)));
  }

  @Override
  public Set<String> topics() {
    return call(() -> Set.copyOf(handlers.keySet()));
  }

  /** The router's current score of {@code peer} (0 for a well-behaved or unknown peer). */
  public double score(PeerId peer) {
    return call(() -> router.score(new PeerKey(peer.bytes())));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    heartbeat.cancel(false);
    network.removeConnectionListener(connectionListener);
    for (PubSubProtocol protocol : PubSubProtocol.values()) {
      network.removeStreamHandler(protocol.id());
    }
    runOnPubSubThread(
        () -> {
          outbound.values().forEach(OutboundStream::reset);
          outbound.clear();
        });
    executor.shutdown();
    try {
      executor.awaitTermination(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- streams -------------------------------------------------------------------------------

  private void onInboundStream(P2PStream stream, PubSubProtocol protocol) {
    PeerId peer = stream.remotePeer();
    PeerKey key = new PeerKey(peer.bytes());
    stream.setListener(new InboundListener(this, stream, key, protocol, config.rpcLimits()));
    runOnPubSubThread(
        () -> {
          router.addPeer(key, protocol);
          ensureOutbound(peer);
        });
  }

  void onInboundRpc(InboundListener from, Rpc rpc, long cost) {
    runOnPubSubThread(
        () -> {
          from.handled(cost);
          if (network.connection(new PeerId(from.peer().bytes())).isEmpty()) {
            return; // the peer left or was dropped while this RPC waited: do not re-add it
          }
          router.addPeer(from.peer(), from.protocol());
          router.handleRpc(from.peer(), rpc);
        });
  }

  /** Takes {@code cost} bytes of the node-wide inbound queue budget; false when it is spent. */
  boolean reserveInbound(long cost) {
    if (queuedInbound.addAndGet(cost) > MAX_QUEUED_INBOUND_BYTES) {
      queuedInbound.addAndGet(-cost);
      return false;
    }
    return true;
  }

  void releaseInbound(long cost) {
    queuedInbound.addAndGet(-cost);
  }

  void onInboundOverflow(PeerKey key, String reason) {
    network.reportMisbehavior(new PeerId(key.bytes()), PubSubProtocol.MESHSUB_V11.id(), reason);
  }

  void onInboundViolation(PeerKey key, String reason) {
    network.reportMisbehavior(new PeerId(key.bytes()), PubSubProtocol.MESHSUB_V11.id(), reason);
    runOnPubSubThread(() -> router.handleProtocolViolation(key, reason));
  }

  private void considerPeer(PeerId peer, Set<String> protocols) {
    boolean speaksPubSub = protocols.stream().anyMatch(p -> PubSubProtocol.fromId(p).isPresent());
    if (speaksPubSub) {
      runOnPubSubThread(() -> ensureOutbound(peer));
    }
  }

  /**
   * Opens our outbound stream to {@code peer} unless one is open or opening; null when the peer is
   * not connected. Pubsub rides on connections made by others and never dials: a peer it dropped
   * (score below the threshold) must not be called back by its own queued RPCs. Pubsub thread.
   */
  private OutboundStream ensureOutbound(PeerId peer) {
    OutboundStream existing = outbound.get(peer);
    if (existing != null || closed.get()) {
      return existing;
    }
    Optional<Connection> connection = network.connection(peer);
    if (connection.isEmpty()) {
      return null;
    }
    OutboundStream out = new OutboundStream(MAX_QUEUED_BYTES_PER_PEER);
    outbound.put(peer, out);
    String[] ids = new String[PubSubProtocol.values().length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = PubSubProtocol.values()[i].id();
    }
    connection
        .get()
        .openStream(ids)
        .whenComplete(
            (stream, error) -> runOnPubSubThread(() -> outboundOpened(peer, out, stream, error)));
    return out;
  }

  private void outboundOpened(PeerId peer, OutboundStream out, P2PStream stream, Throwable error) {
    if (outbound.get(peer) != out) {
      if (stream != null) {
        stream.reset();
      }
      return;
    }
    if (error != null) {
      LOG.debug("no pubsub stream to {}: {}", peer, error.toString());
      outbound.remove(peer);
      return;
    }
    stream.setListener(data -> {});
    PubSubProtocol protocol = PubSubProtocol.fromId(stream.protocol()).orElseThrow();
    out.opened(stream);
    router.addPeer(new PeerKey(peer.bytes()), protocol);
    stream
        .closeFuture()
        .whenComplete((ok, e) -> runOnPubSubThread(() -> outboundClosed(peer, out)));
  }

  private void outboundClosed(PeerId peer, OutboundStream out) {
    if (outbound.remove(peer, out)) {
      router.removePeer(new PeerKey(peer.bytes()));
    }
  }

  private void peerGone(PeerId peer) {
    if (network.connection(peer).isPresent()) {
      return;
    }
    OutboundStream out = outbound.remove(peer);
    if (out != null) {
      out.reset();
    }
    router.removePeer(new PeerKey(peer.bytes()));
  }

  // ---- threading -----------------------------------------------------------------------------

  private void heartbeat() {
    try {
      router.heartbeat();
    } catch (RuntimeException e) {
      LOG.error("pubsub heartbeat failed", e);
    }
  }

  private void runOnPubSubThread(Runnable task) {
    if (Thread.currentThread() == pubsubThread) {
      task.run();
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.error("pubsub task failed", e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("pubsub closed; dropping a task");
    }
  }

  private <T> T call(Supplier<T> query) {
    if (Thread.currentThread() == pubsubThread) {
      return query.get();
    }
    try {
      return CompletableFuture.supplyAsync(query, executor)
          .get(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the pubsub thread", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("pubsub thread did not answer within 10 s", e);
    }
  }

  private static Set<PeerId> toPeerIds(Set<PeerKey> keys) {
    return keys.stream()
        .map(k -> new PeerId(k.bytes()))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  // ---- router callbacks ----------------------------------------------------------------------

  /** The router's link to the network. Pubsub thread. */
  private final class Io implements RouterIo {
    @Override
    public void send(PeerKey peer, Rpc rpc) {
      OutboundStream out = ensureOutbound(new PeerId(peer.bytes()));
      if (out != null) {
        out.write(FrameReader.frame(RpcCodec.encode(rpc)));
      }
    }

    @Override
    public void disconnect(PeerKey peer, String reason) {
      PeerId id = new PeerId(peer.bytes());
      network.reportMisbehavior(id, PubSubProtocol.MESHSUB_V11.id(), reason);
      OutboundStream out = outbound.remove(id);
      if (out != null) {
        out.reset();
      }
      network.disconnect(id, reason);
    }

    @Override
    public void connect(PeerKey peer) {
      // Peer exchange without signed peer records gives no address; only peers the host can
      // already reach are useful, and those are connected anyway.
      LOG.debug("peer exchange suggested {}", new PeerId(peer.bytes()));
    }
  }

  /** The router's link to the application. Pubsub thread. */
  private final class Deliveries implements Inbox {
    @Override
    public CompletionStage<ValidationResult> validate(
        WireMessage message, MessageId id, PeerKey from) {
      Handlers h = handlers.get(message.topic());
      if (h == null) {
        return CompletableFuture.completedFuture(ValidationResult.IGNORE);
      }
      return h.validator().validate(toMessage(message, id, from));
    }

    @Override
    public void deliver(WireMessage message, MessageId id, PeerKey from) {
      Handlers h = handlers.get(message.topic());
      if (h == null) {
        return;
      }
      try {
        h.listener().onMessage(toMessage(message, id, from));
      } catch (RuntimeException e) {
        LOG.warn("listener for topic {} failed on message {}", message.topic(), id, e);
      }
    }

    private PubSubMessage toMessage(WireMessage m, MessageId id, PeerKey from) {
      long seqno = java.nio.ByteBuffer.wrap(m.seqno()).getLong();
      return new PubSubMessage(
          m.topic(), m.data().clone(), new PeerId(m.from()), seqno, id, new PeerId(from.bytes()));
    }
  }

  /** Watches connections: identified pubsub peers get a stream; gone peers are forgotten. */
  private final class Connections implements ConnectionListener {
    @Override
    public void onIdentified(Connection connection, PeerInfo info) {
      considerPeer(connection.remotePeer(), info.protocols());
    }

    @Override
    public void onDisconnected(Connection connection) {
      runOnPubSubThread(() -> peerGone(connection.remotePeer()));
    }
  }
}
