package io.d2ora.core.train;

import io.d2ora.core.data.DataFormatException;
import io.d2ora.core.data.Example;
import io.d2ora.core.data.JsonlReader;
import io.d2ora.core.data.LabelSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Training and validation examples with the label set they are scored against.
 *
 * @param validation may be empty (then no per-epoch validation)
 */
public record TrainingData(List<Example> train, List<Example> validation, LabelSet labels) {
  public static final String TRAIN_FILE = "train.jsonl";
  public static final String VALIDATION_FILE = "validation.jsonl";
  public static final String TEST_FILE = "test.jsonl";

  public TrainingData {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
    if (train.isEmpty()) {
      throw new DataFormatException("no training examples");
    }
    labels.indices(train);
    labels.indices(validation);
  }

  /**
   * Reads the config's {@code dataset_path}s: a directory contributes {@code train.jsonl} and, if
   * present, {@code validation.jsonl}; a file contributes training examples only. Labels come from
   * the config, else from the training examples (sorted).
   *
   * @param paths where a {@code dataset_path} as written in the config is on disk (the CLI looks up
   *     relative paths in the working directory, then in the project checkout)
   */
  public static TrainingData load(TrainingConfig config, Function<String, Path> paths) {
    return load(config, paths, 0);
  }

  /**
   * As {@link #load(TrainingConfig, Function)}, for round index {@code roundIndex}: the training
   * examples are the round's window (see {@link RoundContinuity#window}).
   */
  public static TrainingData load(
      TrainingConfig config, Function<String, Path> paths, long roundIndex) {
    List<Example> train = new ArrayList<>();
    List<Example> validation = new ArrayList<>();
    for (String p : config.datasetPaths()) {
      Path path = paths.apply(p);
      if (Files.isDirectory(path)) {
        train.addAll(JsonlReader.read(path.resolve(TRAIN_FILE)));
        Path v = path.resolve(VALIDATION_FILE);
        if (Files.isRegularFile(v)) {
          validation.addAll(JsonlReader.read(v));
        }
      } else {
        train.addAll(JsonlReader.read(path));
      }
    }
    if (config.maxTrainSamples() > 0 && train.size() > config.maxTrainSamples()) {
      train = config.continuity().window(train, config.maxTrainSamples(), roundIndex);
      validation = validation.subList(0, Math.min(validation.size(), config.maxTrainSamples()));
    }
    LabelSet labels =
        config.labels().isEmpty() ? LabelSet.of(train) : new LabelSet(config.labels());
    return new TrainingData(train, validation, labels);
  }

  /** Where to write results: an absolute path as is; a relative one under the working directory. */
  public static Path resolveOutput(String path) {
    return Path.of(path).toAbsolutePath().normalize();
  }
}
