package io.d2ora.app.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.cli.ModelLoader;
import io.d2ora.app.cli.ModelOptions;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.data.Example;
import io.d2ora.core.data.JsonlReader;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.TextClassifier;
import io.d2ora.core.train.Evaluation;
import io.d2ora.core.train.Evaluator;
import io.d2ora.core.train.PeftUpdates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code d2ora eval --adapter FILE --data FILE}: accuracy, per-class metrics, confusion matrix. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Score an update file (adapters + head) on labelled JSONL data.")
public final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--adapter",
      required = true,
      paramLabel = "FILE",
      description = "adapter_model.safetensors, or the directory holding it")
  Path adapter;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "JSONL to score")
  Path data;

  @Mixin ModelOptions model;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Override
  public Integer call() throws Exception {
    AdapterUpdate update = ModelLoader.update(adapter);
    List<Example> examples = JsonlReader.read(data);
    BaseModel base = model.baseModelFor(update);
    TextClassifier classifier = PeftUpdates.classifier(base, update);
    LabelSet labels = PeftUpdates.labels(update);
    Evaluation e = Evaluator.evaluate(classifier, examples, labels, model.maxSeqLen());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(toJson(e)));
    } else {
      print(out, e);
    }
    out.flush();
    return 0;
  }

  static Map<String, Object> toJson(Evaluation e) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("count", e.count());
    o.put("accuracy", e.accuracy());
    o.put("accuracy_ci95", List.of(e.accuracyInterval().low(), e.accuracyInterval().high()));
    o.put("loss", e.loss());
    List<Map<String, Object>> classes = new ArrayList<>();
    for (int k = 0; k < e.labels().size(); k++) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("label", e.labels().name(k));
      c.put("precision", e.precision(k));
      c.put("recall", e.recall(k));
      c.put("f1", e.f1(k));
      classes.add(c);
    }
    o.put("classes", classes);
    o.put("labels", e.labels().labels());
    o.put("confusion_matrix", e.confusion());
    return o;
  }

  private static void print(PrintWriter out, Evaluation e) {
    out.printf(
        Locale.ROOT,
        "accuracy %.4f (95%% CI %s %%) on %d examples (loss %.4f)%n",
        e.accuracy(),
        e.accuracyInterval().percent(),
        e.count(),
        e.loss());
    int width = e.labels().labels().stream().mapToInt(String::length).max().orElse(5) + 2;
    out.printf(Locale.ROOT, "%-" + width + "s %9s %9s %9s%n", "label", "precision", "recall", "f1");
    for (int k = 0; k < e.labels().size(); k++) {
      out.printf(
          Locale.ROOT,
          "%-" + width + "s %9.4f %9.4f %9.4f%n",
          e.labels().name(k),
          e.precision(k),
          e.recall(k),
          e.f1(k));
    }
    out.println("confusion matrix (rows: actual, columns: predicted)");
    out.printf(Locale.ROOT, "%-" + width + "s", "");
    e.labels().labels().forEach(l -> out.printf(Locale.ROOT, " %" + width + "s", l));
    out.println();
    for (int k = 0; k < e.labels().size(); k++) {
      out.printf(Locale.ROOT, "%-" + width + "s", e.labels().name(k));
      for (int c : e.confusion()[k]) {
        out.printf(Locale.ROOT, " %" + width + "d", c);
      }
      out.println();
    }
  }
}
