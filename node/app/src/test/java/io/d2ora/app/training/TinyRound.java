package io.d2ora.app.training;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.TinyModels;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.RoundPhase;
import io.d2ora.core.train.PeftUpdates;
import io.d2ora.core.train.Trainer;
import io.d2ora.core.train.TrainingConfig;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A round on a tiny random BERT, for validator and aggregator tests: its round config, the round as
 * the ledger shows it, the node's {@link AdapterAggregator}, and honest updates (fresh adapters and
 * head plus seeded noise, as a short training run would leave them).
 */
final class TinyRound {
  static final BaseModel BASE = TinyModels.tinyBert(5);
  static final long CHAIN_ID = 31337;
  static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  static final LabelSet LABELS = new LabelSet(List.of("negative", "positive"));

  final RoundConfig config;
  final RoundInfo info;
  final AdapterAggregator aggregator;

  private TinyRound(RoundConfig config, long roundId) {
    this.config = config;
    this.info =
        new RoundInfo(
            RoundId.of(roundId),
            BASE.hash(),
            config.hash(),
            1_000,
            2_000,
            3_000,
            BigInteger.ONE,
            16,
            1_000_000,
            6_666,
            signer(9),
            RoundPhase.COMMITTING);
    this.aggregator =
        new AdapterAggregator(
            AdapterAggregator.only(config), BASE, CHAIN_ID, REGISTRY, report -> {});
  }

  /** Round {@code roundId} with this aggregation strategy and rank 2 DoRA on query and value. */
  static TinyRound of(String strategy, long roundId) {
    return new TinyRound(RoundConfig.parse(configJson(strategy, "").getBytes()), roundId);
  }

  /** As {@link #of}, with extra training keys (e.g. {@code "labels": [...]}). */
  static TinyRound of(String strategy, long roundId, String extraTraining) {
    return new TinyRound(
        RoundConfig.parse(configJson(strategy, extraTraining).getBytes(StandardCharsets.UTF_8)),
        roundId);
  }

  static String configJson(String strategy, String extraTraining) {
    return "{\"aggregation\": \""
        + strategy
        + "\", \"training\": {\"base_model\": \"tiny\", \"lora_r\": 2, \"lora_alpha\": 4,"
        + " \"target_modules\": [\"query\", \"value\"], \"seed\": 7"
        + extraTraining
        + "}}";
  }

  static Address signer(int i) {
    return Address.parse(String.format("0x%040x", i));
  }

  TrainingConfig training() {
    return config.training("unused");
  }

  /** An honest update: fresh state plus N(0, 0.01^2) noise, for {@code samples} samples. */
  AdapterUpdate honest(long seed, long samples) {
    return honest(seed, samples, LABELS);
  }

  AdapterUpdate honest(long seed, long samples, LabelSet labels) {
    Random rnd = new Random(seed);
    var state = Trainer.newClassifier(BASE, training(), labels.size()).state();
    var noisy = new java.util.LinkedHashMap<String, io.d2ora.core.model.WeightTensor>();
    state.forEach(
        (name, t) -> {
          float[] v = t.data().clone();
          for (int i = 0; i < v.length; i++) {
            v[i] += (float) (0.01 * rnd.nextGaussian());
          }
          noisy.put(name, new io.d2ora.core.model.WeightTensor(name, t.shape(), v));
        });
    return PeftUpdates.toUpdate(
        noisy, labels, PeftUpdates.adapterConfig(training(), "tiny"), metadata(samples));
  }

  UpdateMetadata metadata(long samples) {
    return UpdateMetadata.local(CHAIN_ID, REGISTRY, info.id().value(), BASE.hash(), samples);
  }

  /** {@code update} with every tensor value mapped by {@code f}, metadata unchanged. */
  static AdapterUpdate mapValues(AdapterUpdate update, UnaryOperator<Float> f) {
    TreeMap<String, FloatTensor> tensors = new TreeMap<>();
    update
        .tensors()
        .forEach(
            (name, t) -> {
              float[] v = t.data().clone();
              for (int i = 0; i < v.length; i++) {
                v[i] = f.apply(v[i]);
              }
              tensors.put(name, FloatTensor.of(v, t.shape()));
            });
    return new AdapterUpdate(tensors, update.metadata());
  }

  /** {@code update} with metadata entry {@code key} set to {@code value}. */
  static AdapterUpdate withMetadata(AdapterUpdate update, String key, String value) {
    TreeMap<String, String> m = new TreeMap<>(update.metadata());
    m.put(key, value);
    return new AdapterUpdate(update.tensors(), m);
  }

  static byte[] bytes(AdapterUpdate update) {
    return SafetensorsCodec.encode(update);
  }
}
