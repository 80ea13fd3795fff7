package io.d2ora.core.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A few nodes, an in-memory chain and network on one manual clock, and a driver that steps every
 * node's runner in turn, jumping the clock to the earliest wake-up when all wait. Deterministic: a
 * round with minute-long windows runs in milliseconds.
 */
final class RoundNetwork {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final BigInteger MIN_STAKE = BigInteger.TEN.pow(18);
  static final BigInteger STAKE = MIN_STAKE.multiply(BigInteger.TEN);
  static final Duration JOIN = Duration.ofSeconds(60);
  static final Duration COMMIT = Duration.ofSeconds(120);
  static final Duration FINALIZE = Duration.ofSeconds(300);

  final ManualClock clock = new ManualClock(START);
  final InMemoryChain chain = new InMemoryChain(clock);
  final InMemoryExchangeNetwork exchanges = new InMemoryExchangeNetwork();
  final RoundRunnerConfig config =
      RoundRunnerConfig.builder()
          .pollInterval(Duration.ofSeconds(1))
          .fetchWindow(Duration.ofSeconds(30))
          .proposalGrace(Duration.ofSeconds(10))
          .backoff(Duration.ofSeconds(1), Duration.ofSeconds(8))
          .build();
  final List<TestNode> nodes = new ArrayList<>();
  private final List<Map.Entry<Instant, Runnable>> scheduled = new ArrayList<>();

  /** Nodes "a", "b", "c"... with addresses 0x...a1, 0x...a2..., staked, different sample counts. */
  RoundNetwork(Path dir, int size) {
    for (int i = 0; i < size; i++) {
      String name = String.valueOf((char) ('a' + i));
      Address address = Address.parse(String.format("0x%040x", 0xa1 + i));
      chain.stake(address, STAKE);
      nodes.add(new TestNode(this, name, address, dir.resolve(name), 100L * (i + 1)));
    }
  }

  TestNode node(int i) {
    return nodes.get(i);
  }

  static ContentHash hash(int fill) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) fill);
    return ContentHash.of(b);
  }

  /** A round starting now, aggregated by {@code aggregator}. */
  RoundId createRound(TestNode aggregator) {
    long now = clock.now().getEpochSecond();
    return chain.createRound(
        new InMemoryChain.RoundSpec(
            hash(0xba),
            hash(0xc0),
            now + JOIN.toSeconds(),
            now + COMMIT.toSeconds(),
            now + FINALIZE.toSeconds(),
            MIN_STAKE,
            nodes.size(),
            aggregator.address));
  }

  RoundInfo info(RoundId id) {
    return chain.ledgerFor(node(0).address).round(id).orElseThrow();
  }

  /** Runs {@code action} once the clock reaches {@code at}. */
  void at(Instant at, Runnable action) {
    scheduled.add(Map.entry(at, action));
    scheduled.sort(Map.Entry.comparingByKey());
  }

  /** Runs {@code who} through the round until each ended, restarting nodes that crash. */
  Map<TestNode, RoundOutcome> run(RoundId id, List<TestNode> who) {
    Map<TestNode, RoundRunner> runners = new LinkedHashMap<>();
    who.forEach(n -> runners.put(n, n.newRunner(id)));
    Map<TestNode, RoundOutcome> outcomes = new LinkedHashMap<>();
    for (int i = 0; i < 100_000 && outcomes.size() < who.size(); i++) {
      runDue();
      Instant wake = scheduled.isEmpty() ? null : scheduled.get(0).getKey();
      boolean progressed = false;
      for (TestNode n : who) {
        if (outcomes.containsKey(n)) {
          continue;
        }
        RoundStatus s;
        try {
          s = runners.get(n).advance();
        } catch (SimulatedCrash crash) {
          n.crashes++;
          runners.get(n).close();
          runners.put(n, n.newRunner(id));
          progressed = true;
          continue;
        }
        if (s.done()) {
          outcomes.put(n, s.outcome().orElseThrow());
          progressed = true;
        } else if (s.waitingUntil().filter(t -> t.isAfter(clock.now())).isEmpty()) {
          progressed = true;
        } else {
          Instant t = s.waitingUntil().get();
          wake = wake == null || t.isBefore(wake) ? t : wake;
        }
      }
      if (!progressed) {
        clock.sleepUntil(wake);
      }
    }
    assertThat(outcomes.keySet())
        .as("nodes whose round ended")
        .containsExactlyInAnyOrderElementsOf(who);
    return outcomes;
  }

  Map<TestNode, RoundOutcome> run(RoundId id) {
    return run(id, nodes);
  }

  private void runDue() {
    while (!scheduled.isEmpty() && !scheduled.get(0).getKey().isAfter(clock.now())) {
      scheduled.remove(0).getValue().run();
    }
  }

  /** The hash the {@link TinyUpdates#MEAN} aggregate of these nodes' fresh updates has. */
  ContentHash expectedAggregate(List<TestNode> included) {
    List<VerifiedUpdate> updates =
        included.stream()
            .sorted(Comparator.comparing(n -> n.address))
            .map(
                n -> {
                  byte[] b = n.expectedUpdate(n.startFrom.flatMap(h -> n.store().get(h)));
                  return new VerifiedUpdate(n.address, ContentHash.keccak256(b), n.samples, b);
                })
            .toList();
    return ContentHash.keccak256(TinyUpdates.MEAN.aggregate(null, updates));
  }
}
