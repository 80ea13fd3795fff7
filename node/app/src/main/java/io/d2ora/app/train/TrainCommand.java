package io.d2ora.app.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.cli.ModelLoader;
import io.d2ora.app.cli.ProjectHome;
import io.d2ora.app.cli.UserFiles;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.train.PeftUpdates;
import io.d2ora.core.train.ProgressListener;
import io.d2ora.core.train.Trainer;
import io.d2ora.core.train.TrainingConfig;
import io.d2ora.core.train.TrainingConfigParser;
import io.d2ora.core.train.TrainingData;
import io.d2ora.core.train.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code d2ora train --config FILE}: local DoRA/LoRA fine-tuning, writing a PEFT update file. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Fine-tune Theia locally from a training config (FinLoRA-style JSON keys, see configs/).",
      "Writes <output_dir>/adapter_model.safetensors (adapters + classification head) and"
          + " adapter_config.json."
    })
public final class TrainCommand implements Callable<Integer> {
  /** Devnet defaults for the update's D2ORA metadata when training outside a round. */
  static final long DEFAULT_CHAIN_ID = 31337;

  static final String DEFAULT_REGISTRY = "0x" + "0".repeat(40);

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "training config")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override a config key; VALUE is JSON (e.g. 5, true, [\"query\"]) or a string")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--output-dir", paramLabel = "DIR", description = "override output_dir")
  Path outputDir;

  @Option(names = "--num-epochs", description = "override num_epochs")
  Integer numEpochs;

  @Option(names = "--learning-rate", description = "override learning_rate")
  Double learningRate;

  @Option(names = "--seed", description = "override seed")
  Long seed;

  @Option(
      names = "--chain-id",
      description = "chain id in the update metadata (default ${DEFAULT-VALUE})")
  long chainId = DEFAULT_CHAIN_ID;

  @Option(names = "--chain-registry", description = "registry address in the update metadata")
  String registry = DEFAULT_REGISTRY;

  @Option(
      names = "--round-id",
      description = "round id in the update metadata (default ${DEFAULT-VALUE})")
  long roundId = 0;

  @Option(names = "--json", description = "print a JSON summary instead of text")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    // Checked here so a missing or broken file is named as such, with the line of a JSON error.
    UserFiles.readJson(config, "training config");
    TrainingConfig c = TrainingConfigParser.parse(config, overrideValues());
    TrainingData data = TrainingData.load(c, ProjectHome::resolve);
    BaseModel base = ModelLoader.baseModel(c.baseModel());
    ProgressListener progress =
        json ? ProgressListener.NONE : new TrainProgress(out, System.console() != null);
    if (!json) {
      out.printf(
          Locale.ROOT,
          "training %s (%s) on %d examples, %d labels %s; %s r=%d alpha=%s on %s%n",
          base.name(),
          base.hash().hex().substring(0, 10),
          data.train().size(),
          data.labels().size(),
          data.labels().labels(),
          c.mode(),
          c.loraR(),
          c.loraAlpha(),
          c.targetModules());
    }
    TrainingResult result = Trainer.train(base, c, data, null, progress);
    UpdateMetadata meta =
        UpdateMetadata.local(chainId, registry, roundId, base.hash(), result.sampleCount());
    AdapterUpdate update =
        PeftUpdates.toUpdate(result.state(), result.labels(), PeftUpdates.adapterConfig(c), meta);
    Path dir = TrainingData.resolveOutput(c.outputDir());
    ContentHash hash = PeftUpdates.write(update, dir);
    report(out, result, dir.resolve(SafetensorsCodec.PEFT_WEIGHTS_FILE), hash);
    return 0;
  }

  private Map<String, Object> overrideValues() {
    ObjectMapper mapper = new ObjectMapper();
    Map<String, Object> values = new LinkedHashMap<>();
    overrides.forEach(
        (k, v) -> {
          try {
            values.put(k, mapper.readValue(v, Object.class));
          } catch (java.io.IOException e) {
            values.put(k, v);
          }
        });
    if (outputDir != null) {
      values.put("output_dir", outputDir.toString());
    }
    if (numEpochs != null) {
      values.put("num_epochs", numEpochs);
    }
    if (learningRate != null) {
      values.put("learning_rate", learningRate);
    }
    if (seed != null) {
      values.put("seed", seed);
    }
    return values;
  }

  private void report(PrintWriter out, TrainingResult r, Path file, ContentHash hash)
      throws java.io.IOException {
    var last = r.epochs().get(r.epochs().size() - 1);
    Double accuracy = last.validation() == null ? null : last.validation().accuracy();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("update", file.toString());
      o.put("update_hash", hash.hex());
      o.put("base_model_hash", r.baseModelHash().hex());
      o.put("num_samples", r.sampleCount());
      o.put("steps", r.steps());
      o.put("validation_accuracy", accuracy);
      o.put(
          "epochs",
          r.epochs().stream()
              .map(
                  e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("epoch", e.epoch());
                    m.put("train_loss", e.trainLoss());
                    m.put(
                        "validation_accuracy",
                        e.validation() == null ? null : e.validation().accuracy());
                    return m;
                  })
              .toList());
      o.put("tokens_per_second", r.tokensPerSecond());
      o.put("training_seconds", r.trainingSeconds());
      o.put("peak_memory_bytes", r.peakNativeBytes());
      out.println(new ObjectMapper().writeValueAsString(o));
    } else {
      out.printf(
          Locale.ROOT,
          "done: %d steps in %s, %.0f tokens/s, peak memory %.0f MiB%n",
          r.steps(),
          TrainProgress.duration(r.trainingSeconds()),
          r.tokensPerSecond(),
          r.peakNativeBytes() / 1048576.0);
      if (accuracy != null) {
        out.printf(
            Locale.ROOT,
            "validation accuracy %.4f (95%% CI %s %%)%n",
            accuracy,
            last.validation().accuracyInterval().percent());
      }
      out.println("wrote " + file + " (keccak256 " + hash.hex() + ")");
    }
    out.flush();
  }
}
