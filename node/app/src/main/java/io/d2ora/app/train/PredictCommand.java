package io.d2ora.app.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.cli.ModelLoader;
import io.d2ora.app.cli.ModelOptions;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.TextClassifier;
import io.d2ora.core.model.TokenBatch;
import io.d2ora.core.train.PeftUpdates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code d2ora predict --adapter FILE --text "..."}: label and logits per text. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Classify texts with an update file (adapters + head).")
public final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--adapter",
      required = true,
      paramLabel = "FILE",
      description = "adapter_model.safetensors, or the directory holding it")
  Path adapter;

  @Option(names = "--text", required = true, description = "text to classify (repeatable)")
  List<String> texts;

  @Mixin ModelOptions model;

  @Option(names = "--json", description = "print JSON (one object per text), with token ids")
  boolean json;

  @Override
  public Integer call() throws Exception {
    AdapterUpdate update = ModelLoader.update(adapter);
    BaseModel base = model.baseModelFor(update);
    TextClassifier classifier = PeftUpdates.classifier(base, update);
    int maxSeqLen = model.maxSeqLen();
    LabelSet labels = PeftUpdates.labels(update);
    PrintWriter out = spec.commandLine().getOut();
    ObjectMapper mapper = new ObjectMapper();
    for (String text : texts) {
      int[] ids = base.tokenizer().encode(text, maxSeqLen);
      INDArray logits = classifier.forward(TokenBatch.of(new int[][] {ids}), false);
      double[] z = logits.toDoubleVector();
      int best = 0;
      for (int k = 1; k < z.length; k++) {
        best = z[k] > z[best] ? k : best;
      }
      if (json) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("text", text);
        o.put("label", labels.name(best));
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (int k = 0; k < z.length; k++) {
          byLabel.put(labels.name(k), z[k]);
        }
        o.put("logits", byLabel);
        o.put("token_ids", ids);
        out.println(mapper.writeValueAsString(o));
      } else {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < z.length; k++) {
          parts.add(String.format(Locale.ROOT, "%s=%.4f", labels.name(k), z[k]));
        }
        out.println(labels.name(best) + "\t" + String.join(" ", parts) + "\t" + text);
      }
    }
    out.flush();
    return 0;
  }
}
