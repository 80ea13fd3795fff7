package io.d2ora.app.node;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundOutcome;
import io.d2ora.core.round.RoundStatus;
import io.d2ora.core.store.ContentHash;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One node of a {@link TestNetwork}, run in this JVM on its own thread with its own data dir, key
 * and port, configured like {@code d2ora node run}. {@link #kill()} stops it abruptly (services
 * closed, round thread interrupted), {@link #start()} starts it again on the same data dir.
 */
final class TestPeer {
  final String name;
  final Path dataDir;
  final List<PeerEvent> events = new CopyOnWriteArrayList<>();
  private final TestNetwork network;
  private final int account;
  private final String domain;
  private final Path roundConfig;
  private boolean creator;
  private NodeOverrides overrides = NodeOverrides.NONE;
  private final Map<String, Object> settings = new HashMap<>();
  private final List<Function<Node, AutoCloseable>> attacks = new ArrayList<>();
  private final List<AutoCloseable> running = new ArrayList<>();
  private Node node;
  private Thread thread;
  private volatile boolean killing;

  TestPeer(TestNetwork network, String name, int account, String domain, Path roundConfig) {
    this.network = network;
    this.name = name;
    this.account = account;
    this.domain = domain;
    this.roundConfig = roundConfig;
    this.dataDir = network.work.resolve(name);
  }

  /** This peer creates the round (and aggregates it). */
  TestPeer creatingRounds() {
    creator = true;
    return this;
  }

  TestPeer with(NodeOverrides value) {
    overrides = value;
    return this;
  }

  /** Sets a node setting as the flag {@code --key} would. */
  TestPeer setting(String key, Object value) {
    settings.put(key, value);
    return this;
  }

  /**
   * Starts {@code attack} on the running node each time this peer starts, and closes it before the
   * node stops: a fault that acts on its own (reading slowly, flooding) rather than at a port.
   */
  TestPeer attacking(Function<Node, AutoCloseable> attack) {
    attacks.add(attack);
    return this;
  }

  /** This peer's proposals are replaced as {@code fault} says ({@link HostileAggregator}). */
  TestPeer hostile(HostileAggregator.Fault fault, Supplier<Address> victim) {
    overrides =
        new NodeOverrides(t -> t, s -> s, l -> new HostileAggregator(l, fault, () -> node, victim));
    return this;
  }

  NodeConfig config() {
    Map<String, Object> flags = new HashMap<>();
    flags.put("data-dir", dataDir.toString());
    flags.put("chain-rpc-url", network.rpcUrl);
    flags.put("chain-registry", network.registry);
    flags.put("chain-private-key", network.keys.get(account));
    flags.put("round-config", roundConfig.toString());
    flags.put("data-path", network.root.resolve(".cache/data/" + domain).toString());
    flags.put("rounds", 1);
    flags.put("round-create-enabled", creator);
    flags.put("round-join-seconds", 20);
    // The registry's minimum windows: 60 s to train and commit, 60 s to propose and attest.
    flags.put("round-commit-seconds", 60);
    flags.put("round-finalize-seconds", 90);
    flags.put("poll-millis", 500);
    flags.putAll(settings);
    return NodeConfig.resolve(flags, Map.of(), Optional.empty());
  }

  synchronized void start() throws Exception {
    killing = false;
    NodeEvents out =
        new NodeEvents(new PrintWriter(new StringWriter()), true, e -> events.add(PeerEvent.of(e)));
    node = Node.start(config(), out, network.base, overrides);
    for (Function<Node, AutoCloseable> attack : attacks) {
      running.add(attack.apply(node));
    }
    thread =
        Thread.ofPlatform()
            .name("peer-" + name)
            .start(
                () -> {
                  try {
                    new NodeLoop(node).run();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (RuntimeException e) {
                    if (killing) {
                      return;
                    }
                    events.add(new PeerEvent.Crashed(e.toString()));
                  }
                });
  }

  /** Stops the node as a crash would, mid-step: its journal and store stay. */
  synchronized void kill() throws InterruptedException {
    killing = true;
    stopAttacks();
    thread.interrupt();
    node.close();
    thread.join(Duration.ofSeconds(60));
  }

  /** Stops the node, also one whose loop ended (its network, exchange and chain client stay up). */
  synchronized void stop() throws InterruptedException {
    if (thread != null && thread.isAlive()) {
      kill();
    } else if (node != null) {
      stopAttacks();
      node.close();
    }
  }

  private void stopAttacks() {
    for (AutoCloseable attack : running) {
      try {
        attack.close();
      } catch (Exception e) {
        events.add(new PeerEvent.Crashed("stopping an attack: " + e));
      }
    }
    running.clear();
  }

  /** Waits for the first event of {@code type} that {@code match}es; fails if the peer crashed. */
  <T extends PeerEvent> T await(
      Class<T> type, Predicate<? super T> match, String what, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (PeerEvent e : events) {
        if (type.isInstance(e) && match.test(type.cast(e))) {
          return type.cast(e);
        }
        if (e instanceof PeerEvent.Crashed crashed) {
          throw new AssertionError(name + " crashed: " + crashed.error());
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(name + ": no " + what + " within " + timeout + "; events: " + events);
  }

  /** Waits for the peer's outcome of {@code round}. */
  RoundOutcome awaitOutcome(RoundId round) throws InterruptedException {
    return await(
            PeerEvent.Outcome.class,
            o -> o.outcome().round().equals(round),
            "outcome of round " + round,
            Duration.ofMinutes(4))
        .outcome();
  }

  /** Waits for the peer to report that its join policy refused {@code round}. */
  PeerEvent.Skipped awaitSkipped(RoundId round) throws InterruptedException {
    return await(
        PeerEvent.Skipped.class,
        s -> s.round().equals(round),
        "skipped round " + round,
        Duration.ofMinutes(2));
  }

  /** Waits until the peer's round runner reaches {@code stage}. */
  void awaitStage(RoundStatus.Stage stage, Duration timeout) throws InterruptedException {
    await(PeerEvent.Status.class, s -> s.stage() == stage, "stage " + stage, timeout);
  }

  /** Every status the peer reported, in order (across restarts). */
  List<PeerEvent.Status> statuses() {
    return events.stream()
        .flatMap(e -> e instanceof PeerEvent.Status s ? Stream.of(s) : Stream.empty())
        .toList();
  }

  /** The hash of the update this peer trained (its TRAINING status says "trained <hash> ..."). */
  ContentHash trainedUpdate() {
    return statuses().stream()
        .filter(s -> s.stage() == RoundStatus.Stage.TRAINING && s.detail().startsWith("trained "))
        .map(s -> ContentHash.parse(s.detail().split(" ")[1]))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " reported no trained update: " + events));
  }

  Address address() {
    return node.ledger.self();
  }

  /** This peer's libp2p peer ID, as penalties name it. */
  String peerId() {
    return node.peers.network().localPeerId().toString();
  }

  /** The running node (for faults that act on its services). */
  Node node() {
    return node;
  }
}
