package io.d2ora.core.round;

import io.d2ora.core.round.SimulatedCrash.CrashPoint;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.ContentStore;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * One node of a {@link RoundNetwork}: an address, a data directory, a seeded trainer over the
 * {@link TinyUpdates} format, and knobs for misbehaviour (tampered serving, a poisoned aggregator,
 * another validator, a hostile proposal, refused writes, crashes at chosen points). A fresh {@link
 * #newRunner} on the same data directory is what a restarted process would build.
 */
final class TestNode {
  static final int VALUES = 8;

  final String name;
  final Address address;
  final Path dataDir;
  final InMemoryUpdateExchange exchange;
  final List<RoundStatus> statuses = new CopyOnWriteArrayList<>();
  final List<Optional<byte[]>> trainingStarts = new CopyOnWriteArrayList<>();
  final EnumSet<CrashPoint> armed = EnumSet.noneOf(CrashPoint.class);

  /** Writes ("propose", "attest", "settle") the ledger refuses once each. */
  final Set<String> refusals = ConcurrentHashMap.newKeySet();

  private final RoundNetwork network;

  long samples;
  int trainCalls;
  int crashes;
  UnaryOperator<byte[]> serve = UnaryOperator.identity();
  UnaryOperator<byte[]> trainedFile = UnaryOperator.identity();
  UpdateAggregator aggregator = TinyUpdates.MEAN;
  UpdateValidator validator = TinyUpdates.VALIDATOR;

  /** What this node proposes instead of its own result (a hostile aggregator). */
  UnaryOperator<RoundRecord.Claim> proposing = UnaryOperator.identity();

  Optional<ContentHash> startFrom = Optional.empty();

  TestNode(RoundNetwork network, String name, Address address, Path dataDir, long samples) {
    this.network = network;
    this.name = name;
    this.address = address;
    this.dataDir = dataDir;
    this.samples = samples;
    ContentStore serving = store();
    this.exchange = network.exchanges.join(name, h -> serving.get(h).map(b -> serve.apply(b)));
  }

  /** The node's store, opened afresh (as after a restart). */
  ContentStore store() {
    return ContentStore.open(dataDir.resolve("store"));
  }

  RoundLedger ledger() {
    return network.chain.ledgerFor(address);
  }

  RoundRunner newRunner(RoundId round) {
    RoundPorts ports =
        new RoundPorts(
            new FaultyRoundLedger(ledger(), this::fire, refusals, c -> proposing.apply(c)),
            new CrashingExchange(),
            this::train,
            (info, signer, numSamples, bytes) ->
                validator.validate(info, signer, numSamples, bytes),
            (info, updates) -> {
              fire(CrashPoint.DURING_AGGREGATION);
              return aggregator.aggregate(info, updates);
            },
            network.clock);
    return new RoundRunner(
        round,
        ports,
        store(),
        dataDir.resolve("journal"),
        network.config,
        startFrom,
        statuses::add);
  }

  /** What this node's seeded trainer produces from {@code start}: deterministic per node. */
  byte[] expectedUpdate(Optional<byte[]> start) {
    float[] base = start.map(TinyUpdates::decode).orElse(new float[VALUES]);
    float[] v = new float[VALUES];
    int seed = Integer.parseInt(address.hex().substring(36), 16);
    for (int i = 0; i < VALUES; i++) {
      v[i] = base[i] + seed * 0.125f + i * 0.5f;
    }
    return trainedFile.apply(TinyUpdates.encode(v));
  }

  private TrainedUpdate train(TrainingContext context) {
    trainCalls++;
    trainingStarts.add(context.startingAdapter());
    byte[] bytes = expectedUpdate(context.startingAdapter());
    fire(CrashPoint.DURING_TRAINING);
    return new TrainedUpdate(bytes, samples);
  }

  void fire(CrashPoint point) {
    if (armed.remove(point)) {
      throw new SimulatedCrash(point);
    }
  }

  /** The node's exchange, killable before announcing and while fetching. */
  private final class CrashingExchange implements UpdateExchange {
    @Override
    public PeerRef self() {
      return exchange.self();
    }

    @Override
    public void announce(UpdateAnnouncement announcement) {
      fire(CrashPoint.BEFORE_ANNOUNCE);
      exchange.announce(announcement);
    }

    @Override
    public Subscription subscribe(AnnouncementListener listener) {
      return exchange.subscribe(listener);
    }

    @Override
    public CompletableFuture<FetchedUpdate> fetch(
        ContentHash hash, List<PeerRef> providers, long maxBytes) {
      fire(CrashPoint.DURING_FETCH);
      return exchange.fetch(hash, providers, maxBytes);
    }

    @Override
    public void penalize(PeerRef peer, Offence offence, String detail) {
      exchange.penalize(peer, offence, detail);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
