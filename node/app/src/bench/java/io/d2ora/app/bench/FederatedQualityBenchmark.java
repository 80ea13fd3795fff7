package io.d2ora.app.bench;

import io.d2ora.app.cli.ModelLoader;
import io.d2ora.app.cli.ProjectHome;
import io.d2ora.app.training.AdapterAggregator;
import io.d2ora.app.training.OptimizerStateFile;
import io.d2ora.app.training.RoundConfig;
import io.d2ora.app.training.TheiaLocalTrainer;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.data.Example;
import io.d2ora.core.data.JsonlReader;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.TextClassifier;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.RoundPhase;
import io.d2ora.core.round.TrainedUpdate;
import io.d2ora.core.round.TrainingContext;
import io.d2ora.core.round.VerifiedUpdate;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.train.Evaluation;
import io.d2ora.core.train.Evaluator;
import io.d2ora.core.train.PeftUpdates;
import io.d2ora.core.train.Trainer;
import io.d2ora.core.train.TrainingConfig;
import io.d2ora.core.train.TrainingConfigParser;
import io.d2ora.core.train.TrainingData;
import io.d2ora.core.train.TrainingResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Federated against central against local-only training at one stated budget, on the held-out test
 * sentences of every domain, with 95% Wilson intervals (scripts/bench.sh federated-quality).
 *
 * <p>Federated is the node's code path without chain or network: each peer trains with {@link
 * TheiaLocalTrainer} (the round training the node runs, optimizer state file included) and the
 * round's updates are validated and aggregated by {@link AdapterAggregator} (what the node and
 * {@code verify} recompute), round after round from the previous aggregate. Central trains once on
 * exactly the sentences the peers trained on, round by round, for the same passes; each local-only
 * model on exactly its peer's sentences. Central and local-only use the same recipe with one
 * schedule over their single run.
 */
public final class FederatedQualityBenchmark {
  private static final long CHAIN_ID = 31337;
  private static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  private FederatedQualityBenchmark() {}

  public static void main(String[] args) throws Exception {
    QualityOptions o = QualityOptions.parse(args);
    BaseModel base = ModelLoader.baseModel(TrainingConfig.DEFAULT_BASE_MODEL);
    RoundConfig config = RoundConfig.parse(o.roundConfigJson().getBytes(StandardCharsets.UTF_8));
    System.out.println("budget: " + o.budget());
    Map<String, List<Example>> tests = new LinkedHashMap<>();
    for (String d : o.domains()) {
      tests.put(d, JsonlReader.read(ProjectHome.resolve(".cache/data/" + d + "/test.jsonl")));
    }
    QualityTable table = new QualityTable(tests);
    long start = System.nanoTime();
    byte[] aggregate = federated(o, base, config);
    double federatedSeconds = (System.nanoTime() - start) / 1e9;
    table.add(
        "federated",
        score(
            PeftUpdates.classifier(
                base, SafetensorsCodec.decode(aggregate, AdapterAggregator.LIMITS)),
            tests,
            o));

    Map<String, List<Example>> seen = seenByPeer(o, config);
    List<Example> union = new ArrayList<>();
    seen.values().forEach(union::addAll);
    start = System.nanoTime();
    table.add("central", score(single(o, base, config, union), tests, o));
    double centralSeconds = (System.nanoTime() - start) / 1e9;
    for (String d : o.domains()) {
      table.add("local-" + d, score(single(o, base, config, seen.get(d)), tests, o));
    }
    System.out.printf(
        Locale.ROOT,
        "sentence-passes: federated %d per peer (%d in all), central %d; wall: federated %.0f s,"
            + " central %.0f s%n",
        (long) seen.values().iterator().next().size() * o.epochs(),
        (long) union.size() * o.epochs(),
        (long) union.size() * o.epochs(),
        federatedSeconds,
        centralSeconds);
    table.print(System.out, o.domains());
  }

  /** R rounds of the node's training and aggregation; returns the last round's aggregate file. */
  private static byte[] federated(QualityOptions o, BaseModel base, RoundConfig config)
      throws Exception {
    Path work = Files.createTempDirectory("d2ora-quality");
    // The node's store as far as aggregation needs it: the previous rounds' aggregates by hash, the
    // start a server optimiser (fedavgm, fedadam) steps from.
    Map<ContentHash, byte[]> aggregates = new java.util.HashMap<>();
    AdapterAggregator aggregator =
        new AdapterAggregator(
            AdapterAggregator.only(config),
            base,
            CHAIN_ID,
            REGISTRY,
            report ->
                System.out.printf(
                    Locale.ROOT,
                    "  aggregated (%s): largest relative fedavg-vs-exact gap %.3f%n",
                    report.strategy(),
                    report.fedavgGap().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElse(0)),
            hash -> Optional.ofNullable(aggregates.get(hash)));
    List<TheiaLocalTrainer> peers = new ArrayList<>();
    for (String d : o.domains()) {
      peers.add(
          new TheiaLocalTrainer(
              base,
              config,
              ".cache/data/" + d,
              CHAIN_ID,
              REGISTRY,
              (ctx, r) -> {},
              new OptimizerStateFile(work.resolve(d).resolve(OptimizerStateFile.NAME))));
    }
    byte[] aggregate = null;
    for (int r = 1; r <= o.rounds(); r++) {
      RoundInfo round =
          new RoundInfo(
              RoundId.of(r),
              base.hash(),
              config.hash(),
              0,
              0,
              0,
              BigInteger.ONE,
              peers.size(),
              1_000_000,
              6_667,
              signer(0),
              RoundPhase.COMMITTING);
      List<VerifiedUpdate> updates = new ArrayList<>();
      for (int i = 0; i < peers.size(); i++) {
        Address signer = signer(i + 1);
        TrainedUpdate u =
            peers.get(i).train(new TrainingContext(round, signer, Optional.ofNullable(aggregate)));
        aggregator.validate(round, signer, u.numSamples(), u.bytes());
        updates.add(
            new VerifiedUpdate(
                signer, ContentHash.keccak256(u.bytes()), u.numSamples(), u.bytes()));
      }
      aggregate = aggregator.aggregate(round, updates);
      aggregates.put(ContentHash.keccak256(aggregate), aggregate);
      System.out.printf(Locale.ROOT, "  round %d aggregated (%d updates)%n", r, updates.size());
    }
    return aggregate;
  }

  /** The training sentences each peer saw over the rounds, by the same windowing the peers use. */
  private static Map<String, List<Example>> seenByPeer(QualityOptions o, RoundConfig config) {
    Map<String, List<Example>> seen = new LinkedHashMap<>();
    for (String d : o.domains()) {
      TrainingConfig c = config.training(".cache/data/" + d);
      List<Example> all = new ArrayList<>();
      for (int k = 0; k < o.rounds(); k++) {
        all.addAll(TrainingData.load(c, ProjectHome::resolve, k).train());
      }
      seen.put(d, all);
    }
    return seen;
  }

  /** One run on {@code sentences} with the round's recipe, one schedule, as many passes. */
  private static TextClassifier single(
      QualityOptions o, BaseModel base, RoundConfig config, List<Example> sentences) {
    TrainingConfig c =
        TrainingConfigParser.parse(
            config.trainingJson(),
            Map.of(
                "dataset_path",
                "unused",
                "max_train_samples",
                0,
                "schedule_rounds",
                1,
                "rotate_data_windows",
                false,
                "shuffle_by_round",
                false,
                "keep_optimizer_state",
                false));
    TrainingData data =
        new TrainingData(sentences, List.of(), new io.d2ora.core.data.LabelSet(c.labels()));
    TrainingResult r = Trainer.train(base, c, data, null, null);
    TextClassifier model = Trainer.newClassifier(base, c, c.labels().size());
    model.loadState(r.state());
    return model;
  }

  private static Map<String, Evaluation> score(
      TextClassifier model, Map<String, List<Example>> tests, QualityOptions o) {
    Map<String, Evaluation> row = new LinkedHashMap<>();
    tests.forEach(
        (d, examples) ->
            row.put(
                d,
                Evaluator.evaluate(
                    model,
                    examples,
                    new io.d2ora.core.data.LabelSet(List.of("negative", "positive")),
                    o.evalSeq())));
    return row;
  }

  private static Address signer(int i) {
    return Address.parse(String.format("0x%040x", i));
  }
}
