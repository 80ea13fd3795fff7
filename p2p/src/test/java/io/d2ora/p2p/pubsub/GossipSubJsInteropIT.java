package io.d2ora.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.interop.JsPeer;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gossipsub against js-libp2p (@libp2p/gossipsub 17.1.1 from npm): signed messages both ways on a
 * shared topic; js drops a message whose signature Java forged badly and scores Java down for it
 * (P4 invalid deliveries, enabled for the test topic in pubsub.mjs).
 */
@RequiresRealComponents(RealComponent.JS_LIBP2P)
class GossipSubJsInteropIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String TOPIC = "d2ora/interop";
  private static final HexFormat HEX = HexFormat.of();
  private static final LinkedBlockingQueue<PubSubMessage> javaInbox = new LinkedBlockingQueue<>();
  private static JsPeer js;
  private static JavaPeers peers;
  private static P2PNetwork java;
  private static GossipSub pubsub;

  @BeforeAll
  static void start() throws Exception {
    js =
        JsPeer.start(
            Map.of(
                "listen", "/ip4/127.0.0.1/tcp/0",
                "extensions", List.of("./pubsub.mjs"),
                "pubsub", Map.of("heartbeatMs", 200, "scoredTopics", List.of(TOPIC))));
    js.call("subscribe", Map.of("topic", TOPIC), TIMEOUT);
    peers = new JavaPeers();
    pubsub = peers.start(1, JavaPeers.FAST).get(0);
    java = peers.networks.get(0);
    pubsub.subscribe(TOPIC, Validator.ACCEPT_ALL, javaInbox::add);
    java.dial(js.address()).get(10, TimeUnit.SECONDS);
    JavaPeers.await(
        "Java and js to see each other on the topic",
        TIMEOUT,
        () ->
            pubsub.peers(TOPIC).contains(js.peerId())
                && jsSubscribers().contains(java.localPeerId().toString()));
  }

  @AfterAll
  static void stop() {
    if (peers != null) {
      peers.close();
    }
    if (js != null) {
      js.close();
    }
  }

  private static String jsSubscribers() {
    try {
      return js.call("subscribers", Map.of("topic", TOPIC), TIMEOUT).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldDeliverJavaMessageToJs() throws Exception {
    byte[] data = "from java".getBytes(StandardCharsets.UTF_8);

    pubsub.publish(TOPIC, data).get(5, TimeUnit.SECONDS);

    JsonNode event =
        js.awaitEvent(
            e ->
                e.path("event").asText().equals("pubsub:message")
                    && e.path("data").asText().equals(HEX.formatHex(data)),
            TIMEOUT);
    assertThat(event.path("type").asText()).isEqualTo("signed");
    assertThat(event.path("from").asText()).isEqualTo(java.localPeerId().toString());
    assertThat(event.path("topic").asText()).isEqualTo(TOPIC);
  }

  @Test
  void shouldDeliverJsMessageToJavaWithVerifiedSignature() throws Exception {
    byte[] data = "from js".getBytes(StandardCharsets.UTF_8);

    js.call("publish", Map.of("topic", TOPIC, "data", HEX.formatHex(data)), TIMEOUT);

    PubSubMessage message = javaInbox.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(message).as("message from js").isNotNull();
    assertThat(message.data()).isEqualTo(data);
    assertThat(message.author()).isEqualTo(js.peerId());
    assertThat(message.receivedFrom()).isEqualTo(js.peerId());
  }

  @Test
  void shouldMakeJsRejectBadlySignedJavaMessage() throws Exception {
    P2PStream raw =
        java.openStream(js.peerId(), PubSubProtocol.MESHSUB_V11.id()).get(10, TimeUnit.SECONDS);
    byte[] forgedData = "forged".getBytes(StandardCharsets.UTF_8);
    WireMessage good = StrictSign.sign(java.config().identity(), TOPIC, forgedData, 7);
    WireMessage forged = good.signed(new byte[64], null);

    raw.write(
        FrameReader.frame(RpcCodec.encode(new Rpc(List.of(), List.of(forged), Rpc.Control.EMPTY))));

    JavaPeers.await("js to score Java down for the forged message", TIMEOUT, () -> jsScore() < 0);
    assertThatThrownBy(
            () ->
                js.awaitEvent(
                    e -> e.path("data").asText().equals(HEX.formatHex(forgedData)),
                    Duration.ofMillis(500)))
        .as("js must not deliver the forged message")
        .hasMessageContaining("no matching js event");
    raw.reset();
  }

  private static double jsScore() {
    try {
      return js.call("score", Map.of("peerId", java.localPeerId().toString()), TIMEOUT)
          .path("score")
          .asDouble();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
