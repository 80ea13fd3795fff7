package io.d2ora.p2p.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.p2p.Connection;
import io.d2ora.p2p.ConnectionListener;
import io.d2ora.p2p.DialException;
import io.d2ora.p2p.EchoProtocol;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.PeerInfo;
import io.d2ora.p2p.ProtocolNotSupportedException;
import io.d2ora.p2p.identity.KeyType;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NettyP2PNetworkIT {
  private P2PNetwork a;
  private P2PNetwork b;

  static P2PNetwork start(PrivateKey key) throws Exception {
    P2PNetwork n =
        P2PNetworkBuilder.create(
                P2PConfig.builder(key).listenAddress("/ip4/127.0.0.1/tcp/0").build())
            .build();
    n.setStreamHandler(EchoProtocol.PROTOCOL_ID, EchoProtocol::serve);
    n.start().get(5, TimeUnit.SECONDS);
    return n;
  }

  @BeforeEach
  void setUp() throws Exception {
    a = start(PrivateKey.generate(KeyType.ED25519));
    b = start(PrivateKey.generate(KeyType.SECP256K1));
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
  }

  private Connection dialB() throws Exception {
    return a.dial(b.localPeerId().appendTo(b.listenAddresses().get(0))).get(5, TimeUnit.SECONDS);
  }

  @Test
  void shouldConnectPingAndIdentifyBothWays() throws Exception {
    CompletableFuture<PeerInfo> bIdentifiedA = new CompletableFuture<>();
    b.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void onIdentified(Connection connection, PeerInfo info) {
            bIdentifiedA.complete(info);
          }
        });
    Connection c = dialB();

    assertThat(c.remotePeer()).isEqualTo(b.localPeerId());
    assertThat(a.ping(b.localPeerId()).get(5, TimeUnit.SECONDS)).isPositive();
    PeerInfo info = bIdentifiedA.get(5, TimeUnit.SECONDS);
    assertThat(info.peerId()).isEqualTo(a.localPeerId());
    assertThat(info.protocols()).contains(EchoProtocol.PROTOCOL_ID, "/ipfs/ping/1.0.0");
    assertThat(info.agentVersion()).isEqualTo(P2PConfig.DEFAULT_AGENT_VERSION);
  }

  @Test
  void shouldEchoSixteenMebibytesByteExact() throws Exception {
    dialB();
    byte[] data = EchoProtocol.payload(16 << 20, 7);

    byte[] echoed = EchoProtocol.roundTrip(a, b.localPeerId(), data).get(30, TimeUnit.SECONDS);

    assertThat(EchoProtocol.sha256(echoed)).isEqualTo(EchoProtocol.sha256(data));
  }

  @Test
  void shouldReadThroughBlockingInputStream() throws Exception {
    dialB();
    P2PStream s = a.openStream(b.localPeerId(), EchoProtocol.PROTOCOL_ID).get(5, TimeUnit.SECONDS);
    byte[] data = EchoProtocol.payload(3 << 20, 3);
    InputStream in = s.inputStream();
    s.write(data);
    s.closeWrite();

    assertThat(in.readAllBytes()).isEqualTo(data);
    s.closeFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void shouldFailWithNotSupportedForUnknownProtocol() throws Exception {
    dialB();

    assertThatThrownBy(() -> a.openStream(b.localPeerId(), "/nope/1.0.0").get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ProtocolNotSupportedException.class);
  }

  @Test
  void shouldRejectDialWhenPeerIdDiffers() {
    Multiaddr wrong = PrivateKey.generateEd25519().peerId().appendTo(b.listenAddresses().get(0));

    assertThatThrownBy(() -> a.dial(wrong).get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(DialException.class)
        .hasMessageContaining("was dialled");
  }

  @Test
  void shouldNotifyDisconnect() throws Exception {
    CompletableFuture<Connection> gone = new CompletableFuture<>();
    b.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void onDisconnected(Connection connection) {
            gone.complete(connection);
          }
        });
    dialB();
    a.disconnect(b.localPeerId(), "test").get(5, TimeUnit.SECONDS);

    assertThat(gone.get(5, TimeUnit.SECONDS).remotePeer()).isEqualTo(a.localPeerId());
    assertThat(a.connectedPeers()).isEmpty();
  }

  @Test
  void shouldEnforceConnectionLimit() throws Exception {
    P2PNetwork lonely =
        P2PNetworkBuilder.create(
                P2PConfig.builder(PrivateKey.generateEd25519())
                    .listenAddress("/ip4/127.0.0.1/tcp/0")
                    .maxConnections(1)
                    .dialTimeout(Duration.ofSeconds(2))
                    .build())
            .build();
    lonely.start().get(5, TimeUnit.SECONDS);
    try {
      a.dial(lonely.localPeerId().appendTo(lonely.listenAddresses().get(0)))
          .get(5, TimeUnit.SECONDS);
      assertThatThrownBy(
              () ->
                  b.dial(lonely.localPeerId().appendTo(lonely.listenAddresses().get(0)))
                      .get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(DialException.class);
    } finally {
      lonely.close();
    }
  }
}
