package io.d2ora.app.node;

import io.d2ora.core.round.RoundId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One node of a {@link TestNetwork}, run in this JVM on its own thread with its own data dir, key
 * and port, configured like {@code d2ora node run}. {@link #kill()} stops it abruptly (services
 * closed, round thread interrupted), {@link #start()} starts it again on the same data dir.
 */
final class TestPeer {
  final String name;
  final Path dataDir;
  final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
  private final TestNetwork network;
  private final int account;
  private final String domain;
  private final Path roundConfig;
  private boolean creator;
  private NodeOverrides overrides = NodeOverrides.NONE;
  private final Map<String, Object> settings = new HashMap<>();
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
    flags.put("round-join-seconds", 10);
    flags.put("round-commit-seconds", 50);
    flags.put("round-finalize-seconds", 90);
    flags.put("poll-millis", 500);
    flags.putAll(settings);
    return NodeConfig.resolve(flags, Map.of(), Optional.empty());
  }

  synchronized void start() throws Exception {
    killing = false;
    NodeEvents out = new NodeEvents(new PrintWriter(new StringWriter()), true, events::add);
    node = Node.start(config(), out, network.base, overrides);
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
                    events.add(Map.of("event", "crashed", "error", e.toString()));
                  }
                });
  }

  /** Stops the node as a crash would, mid-step: its journal and store stay. */
  synchronized void kill() throws InterruptedException {
    killing = true;
    thread.interrupt();
    node.close();
    thread.join(Duration.ofSeconds(60));
  }

  synchronized void stop() throws InterruptedException {
    if (thread != null && thread.isAlive()) {
      kill();
    }
  }

  /** Waits for the first event named {@code event} whose fields include {@code match}. */
  Map<String, Object> await(String event, Map<String, Object> match, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (Map<String, Object> e : events) {
        if (event.equals(e.get("event"))
            && match.entrySet().stream().allMatch(m -> m.getValue().equals(e.get(m.getKey())))) {
          return e;
        }
        if ("crashed".equals(e.get("event"))) {
          throw new AssertionError(name + " crashed: " + e.get("error"));
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        name
            + ": no '"
            + event
            + "' event matching "
            + match
            + " within "
            + timeout
            + "; events: "
            + events);
  }

  /** Waits for the peer's outcome of {@code round}. */
  Map<String, Object> awaitOutcome(RoundId round) throws InterruptedException {
    return await("outcome", Map.of("round", round.toString()), Duration.ofMinutes(4));
  }

  String address() {
    return node.ledger.self().hex();
  }
}
