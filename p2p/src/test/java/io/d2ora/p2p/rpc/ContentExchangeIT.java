package io.d2ora.p2p.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.p2p.EchoProtocol;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContentExchangeIT {
  private static final ContentDigest SHA256 =
      content -> {
        try {
          return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };

  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private final List<String> misbehavior = new CopyOnWriteArrayList<>();
  private P2PNetwork server;
  private P2PNetwork client;

  @BeforeEach
  void setUp() throws Exception {
    server = network();
    client = network();
    client.addMisbehaviorListener((peer, protocol, reason) -> misbehavior.add(reason));
    client
        .dial(server.localPeerId().appendTo(server.listenAddresses().get(0)))
        .get(5, TimeUnit.SECONDS);
  }

  private static P2PNetwork network() throws Exception {
    P2PNetwork n =
        P2PNetworkBuilder.create(
                P2PConfig.builder(PrivateKey.generateEd25519())
                    .listenAddress("/ip4/127.0.0.1/tcp/0")
                    .build())
            .build();
    n.start().get(5, TimeUnit.SECONDS);
    return n;
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
    workers.shutdownNow();
  }

  private ContentExchange serve(ContentSource store, ContentExchangeConfig config) {
    ContentExchange e = new ContentExchange(server, store, SHA256, config, workers);
    e.serve();
    return e;
  }

  private ContentExchange fetcher(ContentExchangeConfig config) {
    return new ContentExchange(client, h -> Optional.empty(), SHA256, config, workers);
  }

  @Test
  void shouldFetchAndVerifyContentByHash() throws Exception {
    byte[] content = EchoProtocol.payload(5 << 20, 1);
    byte[] hash = SHA256.digest(content);
    serve(
        h ->
            Map.of(java.util.HexFormat.of().formatHex(hash), content).entrySet().stream()
                .filter(e -> e.getKey().equals(java.util.HexFormat.of().formatHex(h)))
                .map(Map.Entry::getValue)
                .findFirst(),
        ContentExchangeConfig.DEFAULT);

    byte[] got =
        fetcher(ContentExchangeConfig.DEFAULT)
            .fetch(server.localPeerId(), hash)
            .get(20, TimeUnit.SECONDS);

    assertThat(got).isEqualTo(content);
  }

  @Test
  void shouldReportUnavailableWhenPeerLacksContent() {
    serve(h -> Optional.empty(), ContentExchangeConfig.DEFAULT);

    assertThatThrownBy(
            () ->
                fetcher(ContentExchangeConfig.DEFAULT)
                    .fetch(server.localPeerId(), new byte[32])
                    .get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ContentUnavailableException.class);
  }

  @Test
  void shouldRejectAndReportBytesThatDoNotMatchTheHash() {
    serve(h -> Optional.of(new byte[] {1, 2, 3}), ContentExchangeConfig.DEFAULT);

    assertThatThrownBy(
            () ->
                fetcher(ContentExchangeConfig.DEFAULT)
                    .fetch(server.localPeerId(), new byte[32])
                    .get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("do not match");
    assertThat(misbehavior).anyMatch(r -> r.contains("do not match"));
  }

  @Test
  void shouldRejectContentOverTheSizeLimitBeforeReadingIt() {
    serve(h -> Optional.of(new byte[2 << 20]), ContentExchangeConfig.DEFAULT);
    ContentExchangeConfig small =
        ContentExchangeConfig.builder()
            .maxContentBytes(1 << 20)
            .requestTimeout(Duration.ofSeconds(10))
            .maxConcurrentServes(2)
            .maxConcurrentFetches(2)
            .build();

    assertThatThrownBy(
            () ->
                fetcher(small).fetch(server.localPeerId(), new byte[32]).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void shouldAnswerBusyBeyondConcurrentServeLimit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    serve(
        h -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.of(new byte[] {9});
        },
        ContentExchangeConfig.builder()
            .maxContentBytes(1 << 20)
            .requestTimeout(Duration.ofSeconds(10))
            .maxConcurrentServes(1)
            .build());
    ContentExchange f = fetcher(ContentExchangeConfig.DEFAULT);
    CompletableFuture<byte[]> first = f.fetch(server.localPeerId(), SHA256.digest(new byte[] {9}));
    Thread.sleep(300);

    assertThatThrownBy(() -> f.fetch(server.localPeerId(), new byte[32]).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ContentUnavailableException.class)
        .hasMessageContaining("busy");
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(9);
  }

  @Test
  void shouldTimeOutASilentPeer() {
    server.setStreamHandler(ContentExchange.PROTOCOL_ID, stream -> stream.setListener(data -> {}));
    ContentExchangeConfig quick =
        ContentExchangeConfig.builder()
            .maxContentBytes(1 << 20)
            .requestTimeout(Duration.ofMillis(300))
            .maxConcurrentServes(1)
            .maxConcurrentFetches(1)
            .build();

    assertThatThrownBy(
            () ->
                fetcher(quick).fetch(server.localPeerId(), new byte[32]).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
  }
}
