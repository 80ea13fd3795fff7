package io.d2ora.app.training;

import io.d2ora.app.cli.ProjectHome;
import io.d2ora.core.adapter.AdapterException;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.train.ConfigException;
import io.d2ora.core.train.Evaluator;
import io.d2ora.core.train.PeftUpdates;
import io.d2ora.core.train.TrainingConfig;
import io.d2ora.core.train.TrainingData;
import java.util.OptionalDouble;

/**
 * A round's aggregate scored on the validation split the node trains with (the same examples as its
 * own training's validation accuracy, so the two are comparable on the learning curves).
 */
public final class AggregateScore {
  private AggregateScore() {}

  /**
   * Validation accuracy of the adapter in {@code aggregate}, empty when the node has no validation
   * data or the file does not fit this node's model and labels.
   */
  public static OptionalDouble validationAccuracy(
      BaseModel base, RoundConfig config, String dataPath, byte[] aggregate) {
    try {
      TrainingConfig c = config.training(dataPath);
      TrainingData data = TrainingData.load(c, ProjectHome::resolve);
      if (data.validation().isEmpty()) {
        return OptionalDouble.empty();
      }
      AdapterUpdate update = SafetensorsCodec.decode(aggregate, AdapterAggregator.LIMITS);
      return OptionalDouble.of(
          Evaluator.evaluate(
                  PeftUpdates.classifier(base, update),
                  data.validation(),
                  data.labels(),
                  c.maxSeqLen())
              .accuracy());
    } catch (ConfigException | AdapterException | IllegalArgumentException e) {
      return OptionalDouble.empty();
    }
  }
}
