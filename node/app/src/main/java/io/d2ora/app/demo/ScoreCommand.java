package io.d2ora.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.cli.ModelLoader;
import io.d2ora.app.cli.ModelOptions;
import io.d2ora.app.cli.UserException;
import io.d2ora.app.cli.UserFiles;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.data.Example;
import io.d2ora.core.data.JsonlReader;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.TextClassifier;
import io.d2ora.core.train.Evaluator;
import io.d2ora.core.train.PeftUpdates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora demo score --adapter NAME=FILE ... --data NAME=FILE ...}: accuracy of every adapter
 * on every data file, printed as one JSON object {@code {adapter: {data: accuracy}}}.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Accuracy of each adapter on each JSONL file, as one JSON object.")
public final class ScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--adapter",
      required = true,
      paramLabel = "NAME=FILE",
      description = "repeatable")
  Map<String, Path> adapters = new LinkedHashMap<>();

  @Option(names = "--data", required = true, paramLabel = "NAME=FILE", description = "repeatable")
  Map<String, Path> data = new LinkedHashMap<>();

  @Mixin ModelOptions model;

  /**
   * The update's label names; an aggregate written by {@code io.d2ora.core.aggregate} does not
   * carry them (only generic {@code label_i}), and then the data's sorted labels are used, which is
   * the order the trainer assigns by default.
   */
  private static LabelSet labels(AdapterUpdate update, List<Example> data) {
    LabelSet named = PeftUpdates.labels(update);
    if (update.metadata().containsKey(PeftUpdates.LABELS_KEY)) {
      return named;
    }
    LabelSet fromData = LabelSet.of(data);
    if (fromData.size() != named.size()) {
      throw new UserException(
          "the update has " + named.size() + " classes, the data " + fromData.size());
    }
    return fromData;
  }

  @Override
  public Integer call() throws Exception {
    // Before the model loads: a mistyped path should not cost its load time.
    adapters.values().forEach(f -> UserFiles.requireReadable(f, "adapter file"));
    data.values().forEach(f -> UserFiles.requireReadable(f, "data file"));
    Map<String, List<Example>> sets = new LinkedHashMap<>();
    for (var e : data.entrySet()) {
      sets.put(e.getKey(), JsonlReader.read(e.getValue()));
    }
    Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
    for (var a : adapters.entrySet()) {
      AdapterUpdate update = ModelLoader.update(a.getValue());
      TextClassifier classifier = PeftUpdates.classifier(model.baseModelFor(update), update);
      Map<String, Double> row = new LinkedHashMap<>();
      for (var s : sets.entrySet()) {
        row.put(
            s.getKey(),
            Evaluator.evaluate(
                    classifier, s.getValue(), labels(update, s.getValue()), model.maxSeqLen())
                .accuracy());
      }
      scores.put(a.getKey(), row);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(new ObjectMapper().writeValueAsString(scores));
    out.flush();
    return 0;
  }
}
