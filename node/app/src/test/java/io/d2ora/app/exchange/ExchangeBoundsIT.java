package io.d2ora.app.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.round.FetchedUpdate;
import io.d2ora.core.round.PeerRef;
import io.d2ora.core.round.RoundRunnerConfig;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.round.UpdateUnavailableException;
import io.d2ora.core.store.ContentHash;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.multiformats.Varint;
import io.d2ora.p2p.rpc.ContentExchange;
import io.d2ora.p2p.rpc.ContentExchangeConfig;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile peers against a node's exchange over real sockets: a server declaring a size beyond the
 * round's limit, slow-loris readers and an announcement flood (these two in a {@link HostilePeer}
 * process, so the node's memory is measured without theirs). Prints the node's heap after a full
 * collection and its RSS; asserts counts and a heap bound, no timings beyond the stall timeout.
 */
class ExchangeBoundsIT {
  private static final long CHAIN_ID = 31337;
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration STALL = Duration.ofSeconds(2);
  private final List<PeerStack> stacks = new ArrayList<>();
  private final List<P2PNetwork> raw = new ArrayList<>();
  private final List<Hostile> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Hostile::stop);
    stacks.forEach(PeerStack::close);
    raw.forEach(P2PNetwork::close);
  }

  private PeerStack stack() {
    PeerStack s =
        PeerStack.start(
            P2PConfig.builder(PrivateKey.generateEd25519())
                .listenAddress("/ip4/127.0.0.1/tcp/0")
                .build(),
            List.of());
    stacks.add(s);
    return s;
  }

  private P2PNetwork hostile(P2PNetwork target) throws Exception {
    P2PNetwork n =
        P2PNetworkBuilder.create(
                P2PConfig.builder(PrivateKey.generateEd25519())
                    .listenAddress("/ip4/127.0.0.1/tcp/0")
                    .build())
            .build();
    raw.add(n);
    n.start().get(5, TimeUnit.SECONDS);
    n.dial(target.localPeerId().appendTo(target.listenAddresses().get(0))).get(5, TimeUnit.SECONDS);
    return n;
  }

  @Test
  void shouldGiveUpOnAPeerDeclaringMoreThanTheRoundAcceptsWithoutAllocatingIt() throws Exception {
    PeerStack node = stack();
    P2PUpdateExchange exchange =
        node.startExchange(CHAIN_ID, h -> Optional.empty(), PeerBinding.NONE);
    P2PNetwork liar = hostile(node.network());
    byte[] header = new byte[1 + Varint.size(200L << 20)];
    Varint.write(200L << 20, header, 1);
    liar.setStreamHandler(
        ContentExchange.PROTOCOL_ID, s -> s.setListener(data -> s.write(header.clone())));
    Memory before = Memory.now();

    long start = System.nanoTime();
    assertThat(
            exchange.fetch(
                ContentHash.of(new byte[32]),
                List.of(new PeerRef(liar.localPeerId().toString())),
                RoundRunnerConfig.DEFAULT_MAX_UPDATE_BYTES))
        .failsWithin(WAIT)
        .withThrowableThat()
        .withCauseInstanceOf(UpdateUnavailableException.class)
        .withMessageContaining("more than the " + RoundRunnerConfig.DEFAULT_MAX_UPDATE_BYTES);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    Memory after = Memory.now();
    System.out.printf(
        "declared 200 MiB, round limit 64 MiB: gave up in %d ms, %s%n",
        took.toMillis(), after.since(before));
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(after.heapBytes() - before.heapBytes()).as(Memory::histogram).isLessThan(64L << 20);
  }

  /** Retries like the round logic does, until served or {@link #WAIT} passed. */
  private static FetchedUpdate fetchRetrying(
      P2PUpdateExchange fetcher, ContentHash hash, PeerRef from, long maxBytes) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        return fetcher
            .fetch(hash, List.of(from), maxBytes)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(250);
      }
    }
  }

  /**
   * Sixteen identities (in a process of their own) each hold two slots without reading (per-peer
   * cap), so the eight slots are full until the stall timeout frees them and refuses those peers:
   * an honest peer is served within about one stall timeout.
   */
  @Test
  void shouldServeAnHonestPeerWhileSlowLorisReadersHoldStreams() throws Exception {
    byte[] update = new byte[2 << 20];
    ContentHash hash = ContentHash.keccak256(update);
    PeerStack server = stack();
    server.startExchange(
        CHAIN_ID,
        h -> h.equals(hash) ? Optional.of(update.clone()) : Optional.empty(),
        PeerBinding.NONE,
        ContentExchangeConfig.builder().stallTimeout(STALL).build());
    List<String> reported = new CopyOnWriteArrayList<>();
    server.network().addMisbehaviorListener((peer, protocol, reason) -> reported.add(reason));
    Memory before = Memory.now();
    int loris = 16;
    int streamsEach = 4;

    Hostile readers =
        hostile(
            "loris",
            address(server),
            HexFormat.of().formatHex(hash.bytes()),
            String.valueOf(loris),
            String.valueOf(streamsEach));
    readers.expect("holding");
    Thread.sleep(500);
    Memory during = Memory.now();
    PeerStack honest = stack();
    P2PUpdateExchange fetcher =
        honest.startExchange(CHAIN_ID, h -> Optional.empty(), PeerBinding.NONE);
    honest.network().dial(Multiaddr.parse(address(server))).get(5, TimeUnit.SECONDS);
    long asked = System.nanoTime();
    FetchedUpdate got = fetchRetrying(fetcher, hash, server.exchange().self(), update.length);
    Duration servedAfter = Duration.ofNanos(System.nanoTime() - asked);

    assertThat(got.bytes()).isEqualTo(update);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (reported.stream().filter(r -> r.contains("took no")).count() < 4
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(reported.stream().filter(r -> r.contains("took no")).count())
        .isGreaterThanOrEqualTo(4);
    System.out.printf(
        "slow-loris: %d readers x %d streams on a 2 MiB update: %s while held;"
            + " honest peer served after %d ms (stall timeout %d ms)%n",
        loris, streamsEach, during.since(before), servedAfter.toMillis(), STALL.toMillis());
    assertThat(servedAfter).isLessThan(STALL.plusSeconds(5));
    assertThat(during.heapBytes() - before.heapBytes()).as(Memory::histogram).isLessThan(64L << 20);
  }

  @Test
  void shouldBoundChainReadsAndDeliveriesUnderAnAnnouncementFlood() throws Exception {
    PeerStack node = stack();
    AtomicLong reads = new AtomicLong();
    AtomicReference<byte[]> flooderId = new AtomicReference<>();
    P2PUpdateExchange exchange =
        node.startExchange(
            CHAIN_ID,
            h -> Optional.empty(),
            account -> {
              reads.incrementAndGet();
              sleep(2); // a chain read's latency
              return Optional.ofNullable(flooderId.get());
            });
    List<UpdateAnnouncement> delivered = new CopyOnWriteArrayList<>();
    exchange.subscribe((a, from) -> delivered.add(a));
    List<String> reported = new CopyOnWriteArrayList<>();
    node.network().addMisbehaviorListener((peer, protocol, reason) -> reported.add(reason));
    int flood = 20_000;
    Hostile flooder =
        hostile("flood", address(node), String.valueOf(CHAIN_ID), String.valueOf(flood));
    flooderId.set(PeerId.parse(flooder.expect("peer").substring(5)).bytes());
    Memory before = Memory.now();

    flooder.send("go");
    flooder.expect("done");

    Memory after = Memory.now();
    AnnouncementGate gate = exchange.gate();
    System.out.printf(
        "announcement flood: %d published, %d chain reads, %d dropped by the gate, %d delivered,"
            + " check queue high-water %d, %s%n",
        flood,
        reads.get(),
        gate.dropped(),
        delivered.size(),
        gate.queuedHighWater(),
        after.since(before));
    assertThat(reads.get()).isLessThanOrEqualTo(AnnouncementGate.MAX_PER_AUTHOR);
    assertThat(delivered).hasSizeLessThanOrEqualTo(AnnouncementGate.MAX_PER_AUTHOR);
    assertThat(gate.queuedHighWater()).isLessThanOrEqualTo(AnnouncementGate.MAX_QUEUED_CHECKS);
    assertThat(reported).anyMatch(r -> r.contains("update announcements within"));
    assertThat(after.heapBytes() - before.heapBytes()).as(Memory::histogram).isLessThan(64L << 20);
  }

  /**
   * A peer this node's server penalised as a stalling reader is still asked for content (what it
   * serves is hash-checked): otherwise an honest peer on a slow link loses its update from the
   * round, and a slow-loris attacker's own update escapes being judged.
   */
  @Test
  void shouldStillFetchFromAPeerPenalisedOnlyAsAReader() throws Exception {
    byte[] update = new byte[64 << 10];
    new java.util.Random(7).nextBytes(update);
    ContentHash hash = ContentHash.keccak256(update);
    PeerStack server = stack();
    server.startExchange(
        CHAIN_ID,
        h -> h.equals(hash) ? Optional.of(update.clone()) : Optional.empty(),
        PeerBinding.NONE);
    PeerStack node = stack();
    P2PUpdateExchange fetcher =
        node.startExchange(CHAIN_ID, h -> Optional.empty(), PeerBinding.NONE);
    node.network().dial(Multiaddr.parse(address(server))).get(5, TimeUnit.SECONDS);
    PeerId reader = server.network().localPeerId();

    node.network()
        .reportMisbehavior(reader, ContentExchange.PROTOCOL_ID, "requester took no bytes for 20 s");
    FetchedUpdate got =
        fetcher
            .fetch(hash, List.of(server.exchange().self()), update.length)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(got.bytes()).isEqualTo(update);
    assertThat(got.from()).isEqualTo(server.exchange().self());
  }

  private static String address(PeerStack stack) {
    return stack.addresses().get(0);
  }

  /** A {@link HostilePeer} in a JVM of its own, stopped after the test. */
  private Hostile hostile(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java"));
    command.addAll(
        List.of(
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), HostilePeer.class.getName()));
    command.addAll(List.of(args));
    java.nio.file.Path log = java.nio.file.Files.createTempFile("hostile-peer", ".log");
    log.toFile().deleteOnExit();
    Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
    Hostile h = new Hostile(p, log);
    processes.add(h);
    return h;
  }

  /** A hostile process and its line protocol. */
  private static final class Hostile {
    private final Process process;
    private final java.nio.file.Path log;
    private final BufferedReader out;
    private final Writer in;

    Hostile(Process process, java.nio.file.Path log) {
      this.process = process;
      this.log = log;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** The next line starting with {@code prefix} (log lines in between are skipped). */
    String expect(String prefix) throws Exception {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      List<String> err = java.nio.file.Files.readAllLines(log);
      throw new IllegalStateException(
          "hostile peer ended (exit %d) before '%s'; its last stderr lines:%n%s"
              .formatted(
                  process.waitFor(),
                  prefix,
                  String.join("\n", err.subList(Math.max(0, err.size() - 20), err.size()))));
    }

    void send(String line) throws Exception {
      in.write(line + "\n");
      in.flush();
    }

    void stop() {
      process.destroyForcibly();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Heap used after a full collection, and the process's resident set from /proc. */
  record Memory(long heapBytes, long rssBytes) {
    static Memory now() throws InterruptedException {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(50);
      }
      Runtime rt = Runtime.getRuntime();
      return new Memory(rt.totalMemory() - rt.freeMemory(), rss());
    }

    private static long rss() {
      try {
        for (String line :
            java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (java.io.IOException e) {
        return -1;
      }
      return -1;
    }

    /**
     * The live heap's largest classes (the GC.class_histogram diagnostic command): why a bound
     * failed.
     */
    static String histogram() {
      try {
        Object out =
            java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
        return "live heap by class:\n"
            + String.join("\n", out.toString().lines().limit(30).toList());
      } catch (javax.management.JMException e) {
        return "no class histogram: " + e;
      }
    }

    String since(Memory before) {
      return String.format(
          "heap %+.1f MiB (now %.1f MiB), RSS %+.1f MiB (now %.1f MiB)",
          (heapBytes - before.heapBytes) / 1048576.0,
          heapBytes / 1048576.0,
          (rssBytes - before.rssBytes) / 1048576.0,
          rssBytes / 1048576.0);
    }
  }
}
