package io.d2ora.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.identity.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Eight Java hosts over real TCP/Noise/yamux on loopback form a gossipsub mesh. */
class GossipSubIT {
  private static final String TOPIC = "d2ora/it";
  private final JavaPeers peers = new JavaPeers();

  @AfterEach
  void stop() {
    peers.close();
  }

  private List<GossipSub> meshOfEight(Map<Integer, List<PubSubMessage>> received) throws Exception {
    List<GossipSub> nodes = peers.start(8, JavaPeers.FAST);
    peers.connectRing(2);
    for (int i = 0; i < nodes.size(); i++) {
      List<PubSubMessage> inbox = new ArrayList<>();
      received.put(i, inbox);
      nodes
          .get(i)
          .subscribe(
              TOPIC,
              Validator.ACCEPT_ALL,
              m -> {
                synchronized (inbox) {
                  inbox.add(m);
                }
              });
    }
    JavaPeers.await(
        "every node to have a mesh peer",
        Duration.ofSeconds(10),
        () -> nodes.stream().allMatch(n -> !n.meshPeers(TOPIC).isEmpty()));
    return nodes;
  }

  @Test
  void shouldDeliverToAllEightPeers() throws Exception {
    Map<Integer, List<PubSubMessage>> received = new ConcurrentHashMap<>();
    List<GossipSub> nodes = meshOfEight(received);

    PublishResult result =
        nodes
            .get(0)
            .publish(TOPIC, "hello mesh".getBytes(StandardCharsets.UTF_8))
            .get(5, TimeUnit.SECONDS);

    assertThat(result.peers()).isPositive();
    JavaPeers.await(
        "all seven others to receive",
        Duration.ofSeconds(10),
        () ->
            received.entrySet().stream()
                .filter(e -> e.getKey() != 0)
                .allMatch(e -> size(e.getValue()) == 1));
    PubSubMessage message = received.get(5).get(0);
    assertThat(new String(message.data(), StandardCharsets.UTF_8)).isEqualTo("hello mesh");
    assertThat(message.author()).isEqualTo(peers.networks.get(0).localPeerId());
    assertThat(received.get(0)).isEmpty();
  }

  @Test
  void shouldDeliverEveryOneOfAHundredMessagesToAllSevenOthers() throws Exception {
    Map<Integer, List<PubSubMessage>> received = new ConcurrentHashMap<>();
    List<GossipSub> nodes = meshOfEight(received);

    for (int i = 0; i < 100; i++) {
      nodes
          .get(0)
          .publish(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8))
          .get(5, TimeUnit.SECONDS);
    }

    JavaPeers.await(
        "all seven others to receive all 100",
        Duration.ofSeconds(20),
        () ->
            received.entrySet().stream()
                .filter(e -> e.getKey() != 0)
                .allMatch(e -> size(e.getValue()) == 100));
  }

  @Test
  void shouldDropPeerFloodingBadSignatures() throws Exception {
    Map<Integer, List<PubSubMessage>> received = new ConcurrentHashMap<>();
    List<GossipSub> nodes = meshOfEight(received);
    P2PNetwork victim = peers.networks.get(0);
    P2PNetwork attacker = peers.startNetwork();
    attacker.dial(JavaPeers.address(victim)).get(10, TimeUnit.SECONDS);
    P2PStream stream =
        attacker
            .openStream(victim.localPeerId(), PubSubProtocol.MESHSUB_V11.id())
            .get(10, TimeUnit.SECONDS);

    List<WireMessage> forged = new ArrayList<>();
    PrivateKey attackerKey = attacker.config().identity();
    for (int i = 0; i < 50; i++) {
      WireMessage good =
          StrictSign.sign(
              attackerKey, TOPIC, ("forged " + i).getBytes(StandardCharsets.UTF_8), i + 1);
      forged.add(good.signed(new byte[64], null));
    }
    Rpc rpc = new Rpc(List.of(new Rpc.SubOpts(true, TOPIC)), forged, Rpc.Control.EMPTY);
    stream.write(FrameReader.frame(RpcCodec.encode(rpc)));

    JavaPeers.await(
        "the victim to drop the attacker",
        Duration.ofSeconds(10),
        () -> !victim.connectedPeers().contains(attacker.localPeerId()));
    assertThat(nodes.get(0).score(attacker.localPeerId()))
        .isLessThan(PeerScoreConfig.DEFAULT.disconnectThreshold());
    assertThat(received.get(0)).isEmpty();
    nodes.get(3).publish(TOPIC, new byte[] {1}).get(5, TimeUnit.SECONDS);
    JavaPeers.await(
        "the mesh to keep working", Duration.ofSeconds(10), () -> size(received.get(0)) == 1);
  }

  private static int size(List<PubSubMessage> list) {
    synchronized (list) {
      return list.size();
    }
  }
}
