package io.d2ora.app.training;

import io.d2ora.app.cli.ProjectHome;
import io.d2ora.core.adapter.AdapterException;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.aggregate.RoundStart;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.WeightTensor;
import io.d2ora.core.round.LocalTrainer;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.TrainedUpdate;
import io.d2ora.core.round.TrainingContext;
import io.d2ora.core.round.TrainingFailedException;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.train.ConfigException;
import io.d2ora.core.train.PeftUpdates;
import io.d2ora.core.train.ProgressListener;
import io.d2ora.core.train.Trainer;
import io.d2ora.core.train.TrainingConfig;
import io.d2ora.core.train.TrainingData;
import io.d2ora.core.train.TrainingDivergedException;
import io.d2ora.core.train.TrainingResult;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@link LocalTrainer} over Theia: trains the round config's DoRA adapters and head on this peer's
 * data, starting from the previous round's aggregate when there is one, and writes the update file
 * with the round's chain, registry, round id and base model hash in its metadata. Deterministic for
 * a seed on one machine (Theia's trainer is), so a node that retrains after a crash produces the
 * same file.
 */
public final class TheiaLocalTrainer implements LocalTrainer {
  private final BaseModel base;
  private final RoundConfig config;
  private final String datasetPath;
  private final long chainId;
  private final String registry;
  private final ProgressListener progress;
  private final BiConsumer<TrainingContext, TrainingResult> onTrained;

  /**
   * @param onTrained told about each finished training run and its round (for status lines and the
   *     learning log), on the caller's thread
   */
  public TheiaLocalTrainer(
      BaseModel base,
      RoundConfig config,
      String datasetPath,
      long chainId,
      String registry,
      BiConsumer<TrainingContext, TrainingResult> onTrained) {
    this(base, config, datasetPath, chainId, registry, ProgressListener.NONE, onTrained);
  }

  /**
   * @param progress told about each optimizer step (for metrics), on the training thread
   */
  public TheiaLocalTrainer(
      BaseModel base,
      RoundConfig config,
      String datasetPath,
      long chainId,
      String registry,
      ProgressListener progress,
      BiConsumer<TrainingContext, TrainingResult> onTrained) {
    this.base = base;
    this.progress = progress;
    this.config = config;
    this.datasetPath = datasetPath;
    this.chainId = chainId;
    this.registry = registry.toLowerCase(java.util.Locale.ROOT);
    this.onTrained = onTrained;
  }

  @Override
  public TrainedUpdate train(TrainingContext ctx) {
    RoundInfo round = ctx.round();
    if (!round.configHash().equals(config.hash())) {
      throw new TrainingFailedException(
          "round "
              + round.id()
              + " uses config "
              + round.configHash()
              + " but this node has "
              + config.hash());
    }
    ContentHash baseHash = base.hash();
    if (!round.baseModelHash().equals(baseHash)) {
      throw new TrainingFailedException(
          "round "
              + round.id()
              + " fine-tunes base model "
              + round.baseModelHash()
              + " but this node loaded "
              + baseHash);
    }
    try {
      TrainingConfig c = config.training(datasetPath);
      TrainingData data = TrainingData.load(c, ProjectHome::resolve);
      Map<String, WeightTensor> start =
          ctx.startingAdapter()
              .map(
                  bytes ->
                      PeftUpdates.toState(SafetensorsCodec.decode(bytes, AdapterAggregator.LIMITS)))
              .orElse(null);
      TrainingResult result = Trainer.train(base, c, data, start, progress);
      onTrained.accept(ctx, result);
      UpdateMetadata meta =
          UpdateMetadata.local(
              chainId, registry, round.id().value(), baseHash, result.sampleCount());
      AdapterUpdate update =
          RoundStart.naming(
              PeftUpdates.withFrozenASeed(
                  PeftUpdates.toUpdate(
                      result.state(), result.labels(), PeftUpdates.adapterConfig(c), meta),
                  c),
              ctx.startingAdapter().map(ContentHash::keccak256));
      return new TrainedUpdate(SafetensorsCodec.encode(update), result.sampleCount());
    } catch (ConfigException | AdapterException | TrainingDivergedException e) {
      throw new TrainingFailedException(
          "training for round " + round.id() + " failed: " + e.getMessage(), e);
    }
  }
}
