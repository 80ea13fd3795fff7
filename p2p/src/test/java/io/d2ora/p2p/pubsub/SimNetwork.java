package io.d2ora.p2p.pubsub;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * In-memory peers for router unit tests: every RPC goes through the real codec, is queued, and is
 * delivered when the test drains the queue; time is a manual clock. Deterministic for a seed.
 *
 * <p>Signatures here are a test convention ({@link #GOOD_SIGNATURE}); real StrictSign signing is
 * covered by the signer tests and the socket ITs.
 */
final class SimNetwork {
  static final byte[] GOOD_SIGNATURE = {1, 2, 3};
  static final String TOPIC = "t";

  final Deque<Runnable> queue = new ArrayDeque<>();
  final Map<PeerKey, Node> nodes = new LinkedHashMap<>();
  final Random random;
  long now = 1_000_000;
  private final GossipSubConfig config;

  SimNetwork(GossipSubConfig config, long seed) {
    this.config = config;
    this.random = new Random(seed);
  }

  Node node(int index) {
    byte[] keyProto = new byte[36];
    keyProto[0] = 8;
    keyProto[1] = 1;
    keyProto[2] = 18;
    keyProto[3] = 32;
    ByteBuffer.wrap(keyProto, 4, 4).putInt(index);
    byte[] peerId = new byte[38];
    peerId[0] = 0;
    peerId[1] = 36;
    System.arraycopy(keyProto, 0, peerId, 2, 36);
    Node node = new Node(new PeerKey(peerId));
    nodes.put(node.key, node);
    return node;
  }

  List<Node> nodes(int count) {
    List<Node> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(node(nodes.size()));
    }
    return list;
  }

  void connect(Node a, Node b, PubSubProtocol protocol) {
    a.links.put(b.key, b);
    b.links.put(a.key, a);
    a.router.addPeer(b.key, protocol);
    b.router.addPeer(a.key, protocol);
    drain();
  }

  void connect(Node a, Node b) {
    connect(a, b, PubSubProtocol.MESHSUB_V11);
  }

  void connectAll(List<Node> list) {
    for (int i = 0; i < list.size(); i++) {
      for (int j = i + 1; j < list.size(); j++) {
        connect(list.get(i), list.get(j));
      }
    }
  }

  void drain() {
    Runnable task;
    int steps = 0;
    while ((task = queue.pollFirst()) != null) {
      task.run();
      if (++steps > 1_000_000) {
        throw new AssertionError("message storm: queue never drains");
      }
    }
  }

  void heartbeats(int count) {
    for (int i = 0; i < count; i++) {
      now += config.heartbeatInterval().toMillis();
      for (Node node : new ArrayList<>(nodes.values())) {
        node.router.heartbeat();
      }
      drain();
    }
  }

  /** One simulated peer: a router plus the RouterIo and Inbox it talks to. */
  final class Node implements RouterIo, Inbox {
    final PeerKey key;
    final GossipRouter router;
    final Map<PeerKey, Node> links = new HashMap<>();
    final List<WireMessage> delivered = new ArrayList<>();
    final List<Rpc> received = new ArrayList<>();
    final List<PeerKey> disconnected = new ArrayList<>();
    final List<PeerKey> dialled = new ArrayList<>();
    Function<WireMessage, CompletionStage<ValidationResult>> validator =
        m -> CompletableFuture.completedFuture(ValidationResult.ACCEPT);
    private long seqno;

    Node(PeerKey key) {
      this.key = key;
      this.router =
          new GossipRouter(
              config,
              this,
              this,
              m -> java.util.Arrays.equals(m.signature(), GOOD_SIGNATURE),
              MessageIdFunction.PUBLIC_KEY_SEQNO,
              queue::addLast,
              () -> now,
              new Random(random.nextLong()));
    }

    WireMessage message(String topic, String text, byte[] signature) {
      byte[] seq = ByteBuffer.allocate(8).putLong(++seqno).array();
      return new WireMessage(key.bytes(), text.getBytes(), seq, topic, signature, null);
    }

    int publish(String text) {
      int sent = router.publish(message(TOPIC, text, GOOD_SIGNATURE));
      drain();
      return sent;
    }

    void subscribe() {
      router.subscribe(TOPIC);
      drain();
    }

    /** Sends a raw RPC to a linked peer, bypassing this node's router (a misbehaving peer). */
    void sendRaw(Node to, Rpc rpc) {
      send(to.key, rpc);
      drain();
    }

    @Override
    public void send(PeerKey peer, Rpc rpc) {
      Node target = links.get(peer);
      if (target == null) {
        return;
      }
      byte[] frame = RpcCodec.encode(rpc);
      queue.addLast(
          () -> {
            if (target.links.containsKey(key)) {
              Rpc decoded = RpcCodec.decode(frame, RpcLimits.DEFAULT);
              target.received.add(decoded);
              target.router.handleRpc(key, decoded);
            }
          });
    }

    @Override
    public void disconnect(PeerKey peer, String reason) {
      disconnected.add(peer);
      Node other = links.remove(peer);
      if (other != null) {
        other.links.remove(key);
        queue.addLast(() -> other.router.removePeer(key));
      }
    }

    @Override
    public void connect(PeerKey peer) {
      dialled.add(peer);
    }

    @Override
    public CompletionStage<ValidationResult> validate(WireMessage m, MessageId id, PeerKey from) {
      return validator.apply(m);
    }

    @Override
    public void deliver(WireMessage message, MessageId id, PeerKey from) {
      delivered.add(message);
    }

    List<Rpc.Prune> prunesReceived() {
      return received.stream().flatMap(r -> r.control().prune().stream()).toList();
    }

    List<Rpc.Graft> graftsReceived() {
      return received.stream().flatMap(r -> r.control().graft().stream()).toList();
    }
  }
}
