package io.d2ora.p2p.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.stream.LengthPrefixed;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile requesters and servers against the exchange's resource bounds: a server declaring a huge
 * size, requesters that never read (slow-loris) or never send their request.
 */
class ContentExchangeBoundsIT {
  private static final ContentDigest SHA256 =
      content -> {
        try {
          return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
  private static final byte[] CONTENT = new byte[4 << 20];
  private static final byte[] HASH = SHA256.digest(CONTENT);
  private static final Duration STALL = Duration.ofMillis(800);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private final Map<PeerId, List<String>> reported = new ConcurrentHashMap<>();
  private final List<P2PNetwork> networks = new ArrayList<>();
  private P2PNetwork server;
  private P2PNetwork honest;
  private P2PNetwork loris;
  private ContentExchange served;

  @BeforeEach
  void setUp() throws Exception {
    server = network();
    server.addMisbehaviorListener(
        (peer, protocol, reason) ->
            reported.computeIfAbsent(peer, p -> new CopyOnWriteArrayList<>()).add(reason));
    honest = network();
    loris = network();
    for (P2PNetwork n : List.of(honest, loris)) {
      n.dial(server.localPeerId().appendTo(server.listenAddresses().get(0)))
          .get(5, TimeUnit.SECONDS);
    }
    ContentExchangeConfig config =
        ContentExchangeConfig.builder()
            .stallTimeout(STALL)
            .requestTimeout(Duration.ofSeconds(20))
            .build();
    served =
        new ContentExchange(
            server,
            h -> java.util.Arrays.equals(h, HASH) ? Optional.of(CONTENT) : Optional.empty(),
            SHA256,
            config,
            workers);
    served.serve();
  }

  private P2PNetwork network() throws Exception {
    P2PNetwork n =
        P2PNetworkBuilder.create(
                P2PConfig.builder(PrivateKey.generateEd25519())
                    .listenAddress("/ip4/127.0.0.1/tcp/0")
                    .build())
            .build();
    n.start().get(5, TimeUnit.SECONDS);
    networks.add(n);
    return n;
  }

  @AfterEach
  void tearDown() {
    networks.forEach(P2PNetwork::close);
    workers.shutdownNow();
  }

  private ContentExchange fetcher(P2PNetwork network) {
    return new ContentExchange(
        network, h -> Optional.empty(), SHA256, ContentExchangeConfig.DEFAULT, workers);
  }

  /** Requests the content and never reads the answer: yamux holds the server's writes back. */
  private P2PStream requestWithoutReading() throws Exception {
    P2PStream stream =
        loris
            .openStream(server.localPeerId(), ContentExchange.PROTOCOL_ID)
            .get(5, TimeUnit.SECONDS);
    InputStream unread = stream.inputStream();
    assertThat(unread).isNotNull();
    stream.write(LengthPrefixed.frame(HASH));
    stream.closeWrite();
    return stream;
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as("condition within " + WAIT).isTrue();
  }

  @Test
  void shouldKeepServingHonestPeersWhileOneRequesterHoldsStreamsWithoutReading() throws Exception {
    for (int i = 0; i < ContentExchangeConfig.DEFAULT_MAX_CONCURRENT_SERVES; i++) {
      requestWithoutReading();
    }
    Thread.sleep(200);

    byte[] got = fetcher(honest).fetch(server.localPeerId(), HASH).get(10, TimeUnit.SECONDS);

    assertThat(got).isEqualTo(CONTENT);
    assertThat(served.serving()).isLessThanOrEqualTo(2);
  }

  @Test
  void shouldResetReportAndRefuseARequesterThatStopsReading() throws Exception {
    P2PStream first = requestWithoutReading();
    P2PStream second = requestWithoutReading();

    eventually(() -> first.closeFuture().isDone() && second.closeFuture().isDone());
    // The requester sees the reset before the server's event loop has reported it.
    eventually(() -> reported.containsKey(loris.localPeerId()));
    assertThat(first.closeFuture()).isCompletedExceptionally();
    assertThat(reported.get(loris.localPeerId())).isNotEmpty().allMatch(r -> r.contains("took no"));
    eventually(() -> served.serving() == 0);
    assertThat(fetcher(loris).fetch(server.localPeerId(), HASH))
        .failsWithin(WAIT)
        .withThrowableThat()
        .withCauseInstanceOf(ContentUnavailableException.class)
        .withMessageContaining("busy");
    assertThat(fetcher(honest).fetch(server.localPeerId(), HASH).get(10, TimeUnit.SECONDS))
        .isEqualTo(CONTENT);
  }

  @Test
  void shouldResetARequesterThatNeverSendsItsRequest() throws Exception {
    P2PStream silent =
        loris
            .openStream(server.localPeerId(), ContentExchange.PROTOCOL_ID)
            .get(5, TimeUnit.SECONDS);

    eventually(() -> silent.closeFuture().isDone());
    eventually(() -> reported.containsKey(loris.localPeerId()));
    assertThat(reported.get(loris.localPeerId())).anyMatch(r -> r.contains("sent no request"));
  }

  @Test
  void shouldRefuseADeclaredSizeAboveTheCallersLimitWithoutWaitingForTheBytes() throws Exception {
    honest.setStreamHandler(
        ContentExchange.PROTOCOL_ID,
        stream ->
            stream.setListener(
                data -> stream.write(ContentWire.responseHeader(ContentWire.OK, 200L << 20))));
    ContentExchange fetcher = fetcher(server);

    long start = System.nanoTime();
    assertThat(fetcher.fetch(honest.localPeerId(), HASH, 1 << 20))
        .failsWithin(WAIT)
        .withThrowableThat()
        .withCauseInstanceOf(ContentUnavailableException.class)
        .withMessageContaining("more than the " + (1 << 20) + " accepted");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(reported).doesNotContainKey(honest.localPeerId());
  }
}
