package io.d2ora.p2p.pubsub;

import static io.d2ora.p2p.pubsub.SimNetwork.GOOD_SIGNATURE;
import static io.d2ora.p2p.pubsub.SimNetwork.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.p2p.pubsub.SimNetwork.Node;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class GossipRouterTest {
  private final GossipSubConfig config = GossipSubConfig.DEFAULT;
  private final SimNetwork net = new SimNetwork(config, 1);

  private List<Node> subscribedClique(int count) {
    List<Node> nodes = net.nodes(count);
    net.connectAll(nodes);
    nodes.forEach(Node::subscribe);
    net.heartbeats(3);
    return nodes;
  }

  @Test
  void shouldKeepEveryMeshWithinDegreeBounds() {
    List<Node> nodes = subscribedClique(20);

    for (Node node : nodes) {
      assertThat(node.router.meshPeers(TOPIC).size()).isBetween(config.dLo(), config.dHi());
      assertThat(node.router.topicPeers(TOPIC)).hasSize(19);
    }
  }

  @Test
  void shouldKeepMeshSymmetric() {
    List<Node> nodes = subscribedClique(20);

    for (Node node : nodes) {
      for (PeerKey peer : node.router.meshPeers(TOPIC)) {
        assertThat(net.nodes.get(peer).router.meshPeers(TOPIC)).contains(node.key);
      }
    }
  }

  @Test
  void shouldDeliverPublishedMessageToEverySubscriberExactlyOnce() {
    List<Node> nodes = subscribedClique(20);

    nodes.get(0).publish("hello");

    assertThat(nodes.get(0).delivered).isEmpty();
    for (Node node : nodes.subList(1, nodes.size())) {
      assertThat(node.delivered).extracting(m -> new String(m.data())).containsExactly("hello");
    }
  }

  @Test
  void shouldReachEveryoneThroughMeshWhenNotFloodPublishing() {
    SimNetwork sparse = new SimNetwork(config.toBuilder().floodPublish(false).build(), 3);
    List<Node> nodes = sparse.nodes(30);
    sparse.connectAll(nodes);
    nodes.forEach(Node::subscribe);
    sparse.heartbeats(3);

    nodes.get(5).publish("via mesh");

    for (Node node : nodes) {
      if (node != nodes.get(5)) {
        assertThat(node.delivered).hasSize(1);
      }
    }
  }

  @Test
  void shouldPruneOversubscribedMeshDownToD() {
    Node hub = net.node(0);
    List<Node> spokes = net.nodes(16);
    spokes.forEach(s -> net.connect(hub, s));
    hub.subscribe();
    spokes.forEach(Node::subscribe);
    // Every spoke grafts the hub, which accepts up to D_hi and prunes the rest with PX.
    assertThat(hub.router.meshPeers(TOPIC).size()).isLessThanOrEqualTo(config.dHi());

    net.heartbeats(1);

    assertThat(hub.router.meshPeers(TOPIC)).hasSizeLessThanOrEqualTo(config.dHi());
    long pruned = spokes.stream().filter(s -> !s.prunesReceived().isEmpty()).count();
    assertThat(pruned).isPositive();
    Rpc.Prune prune =
        spokes.stream().flatMap(s -> s.prunesReceived().stream()).findFirst().orElseThrow();
    assertThat(prune.backoffSeconds()).isEqualTo(60);
    assertThat(prune.peers()).isNotEmpty();
  }

  @Test
  void shouldPenaliseAndRefuseGraftDuringBackoff() {
    Node a = net.node(0);
    Node b = net.node(1);
    net.connect(a, b);
    a.subscribe();
    b.subscribe();
    assertThat(a.router.meshPeers(TOPIC)).contains(b.key);
    b.sendRaw(a, prune(TOPIC));
    assertThat(a.router.meshPeers(TOPIC)).doesNotContain(b.key);

    b.sendRaw(a, graft(TOPIC));

    assertThat(a.router.meshPeers(TOPIC)).doesNotContain(b.key);
    assertThat(a.router.score(b.key)).isNegative();
    assertThat(b.prunesReceived()).isNotEmpty();
  }

  @Test
  void shouldNotRegraftPrunedPeerUntilBackoffExpires() {
    Node a = net.node(0);
    Node b = net.node(1);
    net.connect(a, b);
    a.subscribe();
    b.subscribe();
    b.router.unsubscribe(TOPIC);
    b.router.subscribe(TOPIC);
    net.drain();
    int graftsBefore = a.graftsReceived().size();

    net.heartbeats(5);
    assertThat(a.graftsReceived()).hasSize(graftsBefore);

    net.heartbeats(10);
    assertThat(a.graftsReceived()).hasSizeGreaterThan(graftsBefore);
    assertThat(a.router.meshPeers(TOPIC)).contains(b.key);
  }

  @Test
  void shouldAskForUnseenMessagesAdvertisedInIHave() {
    Node a = net.node(0);
    Node b = net.node(1);
    net.connect(a, b);
    a.subscribe();
    WireMessage message = b.message(TOPIC, "gossiped", GOOD_SIGNATURE);
    MessageId id = MessageIdFunction.PUBLIC_KEY_SEQNO.apply(message);
    b.router.mcache.put(id, message);

    b.sendRaw(a, ihave(TOPIC, id));

    assertThat(b.received.stream().flatMap(r -> r.control().iwant().stream()))
        .singleElement()
        .satisfies(w -> assertThat(w.messageIds()).containsExactly(id.bytes()));
    assertThat(a.delivered).extracting(m -> new String(m.data())).containsExactly("gossiped");
  }

  @Test
  void shouldServeIWantAtMostGossipRetransmissionTimes() {
    Node a = net.node(0);
    Node b = net.node(1);
    net.connect(a, b);
    a.subscribe();
    b.subscribe();
    a.publish("cached");
    MessageId id = MessageIdFunction.PUBLIC_KEY_SEQNO.apply(b.delivered.get(0));
    int before = b.received.size();

    for (int i = 0; i < 5; i++) {
      b.sendRaw(a, new Rpc(List.of(), List.of(), control(List.of(), List.of(iwant(id)))));
    }

    long served =
        b.received.subList(before, b.received.size()).stream()
            .mapToLong(r -> r.messages().size())
            .sum();
    assertThat(served).isEqualTo(config.gossipRetransmission());
  }

  @Test
  void shouldGossipIHaveToPeersOutsideTheMesh() {
    SimNetwork small = new SimNetwork(config.toBuilder().degree(2, 1, 3).dLazy(6).build(), 5);
    List<Node> nodes = small.nodes(10);
    small.connectAll(nodes);
    nodes.forEach(Node::subscribe);
    small.heartbeats(2);

    nodes.get(0).publish("gossip me");
    small.heartbeats(1);

    long ihaves =
        nodes.stream()
            .flatMap(n -> n.received.stream())
            .mapToLong(r -> r.control().ihave().size())
            .sum();
    assertThat(ihaves).isPositive();
  }

  @Test
  void shouldDropDuplicatesThroughTheSeenCache() {
    Node a = net.node(0);
    Node b = net.node(1);
    net.connect(a, b);
    a.subscribe();
    WireMessage message = b.message(TOPIC, "once", GOOD_SIGNATURE);

    b.sendRaw(a, publish(message));
    b.sendRaw(a, publish(message));

    assertThat(a.delivered).hasSize(1);
  }

  @Test
  void shouldNeitherDeliverNorPenaliseIgnoredMessages() {
    Node a = net.node(0);
    Node b = net.node(1);
    net.connect(a, b);
    a.subscribe();
    a.validator = m -> CompletableFuture.completedFuture(ValidationResult.IGNORE);

    b.sendRaw(a, publish(b.message(TOPIC, "meh", GOOD_SIGNATURE)));

    assertThat(a.delivered).isEmpty();
    assertThat(a.router.score(b.key)).isZero();
  }

  @Test
  void shouldPenaliseRejectedMessages() {
    Node a = net.node(0);
    Node b = net.node(1);
    net.connect(a, b);
    a.subscribe();
    a.validator = m -> CompletableFuture.completedFuture(ValidationResult.REJECT);

    b.sendRaw(a, publish(b.message(TOPIC, "bad", GOOD_SIGNATURE)));

    assertThat(a.delivered).isEmpty();
    assertThat(a.router.score(b.key)).isEqualTo(-config.score().invalidMessageWeight());
  }

  @Test
  void shouldDeliverAfterAsynchronousAcceptCompletes() {
    Node a = net.node(0);
    Node b = net.node(1);
    net.connect(a, b);
    a.subscribe();
    CompletableFuture<ValidationResult> verdict = new CompletableFuture<>();
    a.validator = m -> verdict;

    b.sendRaw(a, publish(b.message(TOPIC, "later", GOOD_SIGNATURE)));
    assertThat(a.delivered).isEmpty();
    verdict.complete(ValidationResult.ACCEPT);
    net.drain();

    assertThat(a.delivered).hasSize(1);
  }

  @Test
  void shouldDisconnectPeerFloodingBadSignatures() {
    Node a = net.node(0);
    Node b = net.node(1);
    net.connect(a, b);
    a.subscribe();

    for (int i = 0; i < 20; i++) {
      b.sendRaw(a, publish(b.message(TOPIC, "forged " + i, new byte[] {9})));
    }

    assertThat(a.disconnected).containsExactly(b.key);
    assertThat(a.router.topicPeers(TOPIC)).doesNotContain(b.key);
    assertThat(a.delivered).isEmpty();
  }

  @Test
  void shouldForgiveOldPenaltiesAsScoresDecay() {
    Node a = net.node(0);
    Node b = net.node(1);
    net.connect(a, b);
    a.subscribe();
    b.sendRaw(a, publish(b.message(TOPIC, "forged", new byte[] {9})));
    assertThat(a.router.score(b.key)).isNegative();

    net.heartbeats(200);

    assertThat(a.router.score(b.key)).isZero();
  }

  @Test
  void shouldPenaliseProtocolViolations() {
    Node a = net.node(0);
    Node b = net.node(1);
    net.connect(a, b);

    for (int i = 0; i < 6; i++) {
      a.router.handleProtocolViolation(b.key, "garbage frame");
    }

    assertThat(a.disconnected).containsExactly(b.key);
  }

  @Test
  void shouldFloodToFloodsubPeersWithoutControlMessages() {
    Node gossip = net.node(0);
    Node flood = net.node(1);
    Node author = net.node(2);
    net.connect(gossip, flood, PubSubProtocol.FLOODSUB);
    net.connect(gossip, author);
    gossip.subscribe();
    flood.subscribe();
    author.subscribe();
    net.heartbeats(2);

    author.publish("to all");

    assertThat(flood.delivered).hasSize(1);
    assertThat(flood.received).allSatisfy(r -> assertThat(r.control().isEmpty()).isTrue());
  }

  @Test
  void shouldUseFanoutWhenPublishingToUnsubscribedTopic() {
    SimNetwork sparse = new SimNetwork(config.toBuilder().floodPublish(false).build(), 9);
    List<Node> nodes = sparse.nodes(10);
    sparse.connectAll(nodes);
    nodes.subList(1, 10).forEach(Node::subscribe);

    int sent = nodes.get(0).publish("fanout");

    assertThat(sent).isEqualTo(config.d());
    assertThat(nodes.subList(1, 10).stream().filter(n -> !n.delivered.isEmpty()).count())
        .isEqualTo(9);
  }

  static Rpc publish(WireMessage message) {
    return new Rpc(List.of(), List.of(message), Rpc.Control.EMPTY);
  }

  static Rpc prune(String topic) {
    Rpc.Control c =
        new Rpc.Control(
            List.of(), List.of(), List.of(), List.of(new Rpc.Prune(topic, List.of(), 60)));
    return new Rpc(List.of(), List.of(), c);
  }

  static Rpc graft(String topic) {
    Rpc.Control c = new Rpc.Control(List.of(), List.of(), List.of(new Rpc.Graft(topic)), List.of());
    return new Rpc(List.of(), List.of(), c);
  }

  static Rpc ihave(String topic, MessageId id) {
    return new Rpc(
        List.of(),
        List.of(),
        control(List.of(new Rpc.IHave(topic, List.of(id.bytes()))), List.of()));
  }

  static Rpc.IWant iwant(MessageId id) {
    return new Rpc.IWant(List.of(id.bytes()));
  }

  static Rpc.Control control(List<Rpc.IHave> ihave, List<Rpc.IWant> iwant) {
    return new Rpc.Control(ihave, iwant, List.of(), List.of());
  }
}
