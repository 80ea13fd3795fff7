package io.d2ora.p2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.d2ora.p2p.Connection;
import io.d2ora.p2p.ConnectionListener;
import io.d2ora.p2p.EchoProtocol;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.PeerInfo;
import io.d2ora.p2p.SinkProtocol;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Java against js-libp2p 3.3.11 (npm): handshake, identify, ping and 16 MiB echoes both ways. */
@RequiresRealComponents(RealComponent.JS_LIBP2P)
class JsInteropIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int SIXTEEN_MIB = 16 << 20;
  private static JsPeer js;
  private P2PNetwork java;
  private final CompletableFuture<PeerInfo> javaIdentifiedJs = new CompletableFuture<>();

  @BeforeAll
  static void startJs() throws Exception {
    js = JsPeer.start(Map.of("listen", "/ip4/127.0.0.1/tcp/0"));
  }

  @AfterAll
  static void stopJs() {
    if (js != null) {
      js.close();
    }
  }

  @BeforeEach
  void startJava() throws Exception {
    java =
        P2PNetworkBuilder.create(
                P2PConfig.builder(PrivateKey.generateEd25519())
                    .listenAddress("/ip4/127.0.0.1/tcp/0")
                    .build())
            .build();
    java.setStreamHandler(EchoProtocol.PROTOCOL_ID, EchoProtocol::serve);
    java.setStreamHandler(SinkProtocol.PROTOCOL_ID, SinkProtocol::serve);
    java.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void onIdentified(Connection connection, PeerInfo info) {
            javaIdentifiedJs.complete(info);
          }
        });
    java.start().get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopJava() throws Exception {
    java.close();
  }

  private String javaAddress() {
    return java.localPeerId().appendTo(java.listenAddresses().get(0)).toString();
  }

  @Test
  void shouldIdentifyAndPingBothWaysWhenJavaDialsJs() throws Exception {
    Connection c = java.dial(js.address()).get(10, TimeUnit.SECONDS);

    assertThat(c.remotePeer()).isEqualTo(js.peerId());
    assertIdentifiedBothWays();
    assertThat(java.ping(js.peerId()).get(10, TimeUnit.SECONDS)).isPositive();
    assertThat(
            js.call("ping", Map.of("peerId", java.localPeerId().toString()), TIMEOUT)
                .get("rttMs")
                .asDouble())
        .isGreaterThanOrEqualTo(0);
  }

  @Test
  void shouldIdentifyAndPingBothWaysWhenJsDialsJava() throws Exception {
    JsonNode dialled = js.call("dial", Map.of("addr", javaAddress()), TIMEOUT);

    assertThat(dialled.get("peerId").asText()).isEqualTo(java.localPeerId().toString());
    assertIdentifiedBothWays();
    assertThat(
            js.call("ping", Map.of("peerId", java.localPeerId().toString()), TIMEOUT)
                .get("rttMs")
                .asDouble())
        .isGreaterThanOrEqualTo(0);
    assertThat(java.ping(js.peerId()).get(10, TimeUnit.SECONDS)).isPositive();
  }

  private void assertIdentifiedBothWays() throws Exception {
    PeerInfo jsInfo = javaIdentifiedJs.get(10, TimeUnit.SECONDS);
    assertThat(jsInfo.peerId()).isEqualTo(js.peerId());
    assertThat(jsInfo.protocols())
        .contains(
            "/ipfs/id/1.0.0",
            "/ipfs/ping/1.0.0",
            EchoProtocol.PROTOCOL_ID,
            SinkProtocol.PROTOCOL_ID);
    assertThat(jsInfo.agentVersion()).contains("js-libp2p");
    JsonNode javaInfo =
        js.call(
            "identify",
            Map.of("peerId", java.localPeerId().toString(), "protocol", EchoProtocol.PROTOCOL_ID),
            TIMEOUT);
    assertThat(javaInfo.get("protocols").toString())
        .contains(
            "/ipfs/id/1.0.0",
            "/ipfs/ping/1.0.0",
            EchoProtocol.PROTOCOL_ID,
            SinkProtocol.PROTOCOL_ID);
    assertThat(javaInfo.get("agentVersion").asText()).isEqualTo(P2PConfig.DEFAULT_AGENT_VERSION);
  }

  @Test
  void shouldEchoSixteenMebibytesFromJavaThroughJs() throws Exception {
    java.dial(js.address()).get(10, TimeUnit.SECONDS);
    byte[] data = EchoProtocol.payload(SIXTEEN_MIB, 11);

    byte[] echoed = EchoProtocol.roundTrip(java, js.peerId(), data).get(60, TimeUnit.SECONDS);

    assertThat(echoed.length).isEqualTo(SIXTEEN_MIB);
    assertThat(EchoProtocol.sha256(echoed)).isEqualTo(EchoProtocol.sha256(data));
  }

  @Test
  void shouldEchoSixteenMebibytesFromJsThroughJava() throws Exception {
    js.call("dial", Map.of("addr", javaAddress()), TIMEOUT);

    JsonNode r =
        js.call(
            "echo",
            Map.of("peerId", java.localPeerId().toString(), "size", SIXTEEN_MIB, "seed", 5),
            Duration.ofSeconds(60));

    assertThat(r.get("bytes").asInt()).isEqualTo(SIXTEEN_MIB);
    assertThat(r.get("sha256").asText()).isEqualTo(r.get("sentSha256").asText());
  }
}
