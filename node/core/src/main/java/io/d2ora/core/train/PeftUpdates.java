package io.d2ora.core.train;

import io.d2ora.core.adapter.AdapterConfig;
import io.d2ora.core.adapter.AdapterLayout;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.MalformedUpdateException;
import io.d2ora.core.adapter.PeftNames;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateLimits;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.aggregate.ServerState;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.dora.AdapterMode;
import io.d2ora.core.dora.AdapterSpec;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.BaseModelNames;
import io.d2ora.core.model.TextClassifier;
import io.d2ora.core.model.WeightTensor;
import io.d2ora.core.store.ContentHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Trained state to and from PEFT update files ({@link io.d2ora.core.adapter}). Module paths are
 * those of transformers' {@code BertForSequenceClassification}: adapters under {@code bert.} (e.g.
 * {@code base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight}), the head as
 * the {@code modules_to_save} module {@code classifier} ({@code base_model.model.classifier.weight}
 * and {@code .bias}). Class names travel in the metadata key {@value #LABELS_KEY} (a JSON array).
 *
 * <p>Our head pools the mean of the last hidden states, not BERT's pooler: a PEFT user loading the
 * file into {@code BertForSequenceClassification} gets the adapter and head weights, but must pool
 * the same way to reproduce our predictions.
 */
public final class PeftUpdates {
  public static final String MODEL_PREFIX = "bert.";
  public static final String LABELS_KEY = "d2ora.labels";
  public static final String TASK_TYPE = "SEQ_CLS";

  private PeftUpdates() {}

  /**
   * The PEFT config of a training config's adapters, naming the base model as {@link
   * BaseModelNames#hubId} maps the config's {@code base_model} (e.g. {@code
   * sentence-transformers/all-MiniLM-L6-v2}).
   */
  public static AdapterConfig adapterConfig(TrainingConfig c) {
    return adapterConfig(c, BaseModelNames.hubId(c.baseModel()));
  }

  /** The PEFT config of a training config's adapters, naming the base model as given. */
  public static AdapterConfig adapterConfig(TrainingConfig c, String baseModelName) {
    return new AdapterConfig(
        baseModelName,
        TASK_TYPE,
        c.loraR(),
        c.loraAlpha(),
        c.loraDropout(),
        c.targetModules(),
        c.mode() != AdapterMode.LORA,
        c.useRslora(),
        List.of(TextClassifier.HEAD));
  }

  /** An update file's content: the state's tensors under PEFT names, config, metadata, labels. */
  public static AdapterUpdate toUpdate(
      Map<String, WeightTensor> state, LabelSet labels, AdapterConfig config, UpdateMetadata meta) {
    Map<String, FloatTensor> tensors = new TreeMap<>();
    state.forEach((name, t) -> tensors.put(peftName(name), FloatTensor.of(t.data(), t.shape())));
    AdapterUpdate update = AdapterUpdate.of(tensors, config, meta);
    TreeMap<String, String> metadata = new TreeMap<>(update.metadata());
    metadata.put(LABELS_KEY, labelsJson(labels));
    return new AdapterUpdate(update.tensors(), metadata);
  }

  /**
   * The state (our parameter names) held by an update; an aggregate's server optimiser state
   * ({@link ServerState}) is not part of the model and is left out.
   */
  public static Map<String, WeightTensor> toState(AdapterUpdate update) {
    Map<String, WeightTensor> state = new LinkedHashMap<>();
    ServerState.strip(update)
        .tensors()
        .forEach(
            (name, t) -> {
              String ours = stateName(name);
              state.put(ours, new WeightTensor(ours, t.shape(), t.data()));
            });
    return state;
  }

  /** Class names from the metadata, else {@code label_0 ...} for the head's output count. */
  public static LabelSet labels(AdapterUpdate update) {
    String json = update.metadata().get(LABELS_KEY);
    if (json != null) {
      try {
        String[] names =
            new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String[].class);
        return new LabelSet(List.of(names));
      } catch (IOException | RuntimeException e) {
        throw new MalformedUpdateException(LABELS_KEY + " is not a JSON array of strings: " + json);
      }
    }
    FloatTensor head = update.tensors().get(PeftNames.saved(TextClassifier.HEAD, "bias"));
    if (head == null) {
      throw new MalformedUpdateException("no classification head in the update");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < head.size(); i++) {
      names.add("label_" + i);
    }
    return new LabelSet(names);
  }

  /**
   * Metadata key of an update without A (FFA-LoRA, {@link TrainingConfig#freezeLoraA()}): the
   * training seed whose init A is, so a loader regenerates it.
   */
  public static final String FROZEN_A_SEED_KEY = "d2ora.frozen_a_seed";

  /** {@code update} naming the seed of its frozen A when {@code config} freezes A. */
  public static AdapterUpdate withFrozenASeed(AdapterUpdate update, TrainingConfig config) {
    if (!config.freezeLoraA()) {
      return update;
    }
    TreeMap<String, String> metadata = new TreeMap<>(update.metadata());
    metadata.put(FROZEN_A_SEED_KEY, Long.toString(config.seed()));
    return new AdapterUpdate(update.tensors(), metadata);
  }

  /**
   * A classifier on {@code base} with the update's adapters and head, for evaluation; an update
   * without A gets the frozen A its {@value #FROZEN_A_SEED_KEY} seeds.
   */
  public static TextClassifier classifier(BaseModel base, AdapterUpdate update) {
    AdapterConfig c = update.config();
    String frozenASeed = update.metadata().get(FROZEN_A_SEED_KEY);
    boolean hasA =
        update.tensors().keySet().stream()
            .anyMatch(
                n -> PeftNames.parse(n).map(p -> p.role() == PeftNames.Role.LORA_A).orElse(false));
    long seed;
    try {
      seed = frozenASeed == null ? AdapterSpec.DEFAULT_SEED : Long.parseLong(frozenASeed);
    } catch (NumberFormatException e) {
      throw new MalformedUpdateException(FROZEN_A_SEED_KEY + " is not an integer: " + frozenASeed);
    }
    AdapterSpec spec =
        AdapterSpec.builder()
            .freezeA(!hasA && frozenASeed != null)
            .seed(seed)
            .mode(c.useDora() ? AdapterMode.DORA : AdapterMode.LORA)
            .rank(c.r())
            .alpha(c.loraAlpha())
            .rsLora(c.useRslora())
            .targetModules(c.targetModules())
            .build();
    TextClassifier model =
        TextClassifier.create(base, spec, labels(update).size(), 0, 0, DataType.FLOAT);
    try {
      model.loadState(toState(update));
    } catch (IllegalArgumentException e) {
      throw new MalformedUpdateException(
          "update does not fit " + base.name() + ": " + e.getMessage());
    }
    return model;
  }

  /**
   * The tensors (PEFT names and shapes) every update of a round with this config must hold: what
   * the node checks untrusted updates against.
   */
  public static AdapterLayout layout(BaseModel base, TrainingConfig config, int numLabels) {
    AdapterLayout.Builder layout = AdapterLayout.builder();
    Trainer.newClassifier(base, config, numLabels)
        .state()
        .forEach((name, t) -> layout.tensor(peftName(name), t.shape()));
    return layout.build();
  }

  /**
   * Writes {@code adapter_model.safetensors} and {@code adapter_config.json} into {@code dir}, each
   * atomically ({@link SafetensorsCodec#writePeftDirectory}).
   *
   * @return keccak-256 of the update file's bytes
   */
  public static ContentHash write(AdapterUpdate update, Path dir) {
    return ContentHash.keccak256(SafetensorsCodec.writePeftDirectory(dir, update));
  }

  /** Reads an update file, or {@code adapter_model.safetensors} in a directory. */
  public static AdapterUpdate read(Path fileOrDir) {
    Path file =
        Files.isDirectory(fileOrDir)
            ? fileOrDir.resolve(SafetensorsCodec.PEFT_WEIGHTS_FILE)
            : fileOrDir;
    return SafetensorsCodec.decode(SafetensorsCodec.readBytes(file, UpdateLimits.DEFAULT));
  }

  static String peftName(String stateName) {
    String module;
    if ((module = strip(stateName, PeftNames.LORA_A)) != null) {
      return PeftNames.loraA(MODEL_PREFIX + module);
    }
    if ((module = strip(stateName, PeftNames.LORA_B)) != null) {
      return PeftNames.loraB(MODEL_PREFIX + module);
    }
    if ((module = strip(stateName, PeftNames.MAGNITUDE)) != null) {
      return PeftNames.magnitude(MODEL_PREFIX + module);
    }
    int dot = stateName.lastIndexOf('.');
    return PeftNames.saved(stateName.substring(0, dot), stateName.substring(dot + 1));
  }

  static String stateName(String peftName) {
    PeftNames.Parsed p =
        PeftNames.parse(peftName)
            .orElseThrow(() -> new MalformedUpdateException("not a PEFT tensor name: " + peftName));
    String module = p.modulePath();
    return switch (p.role()) {
      case LORA_A -> unprefixed(module, peftName) + PeftNames.LORA_A;
      case LORA_B -> unprefixed(module, peftName) + PeftNames.LORA_B;
      case MAGNITUDE -> unprefixed(module, peftName) + PeftNames.MAGNITUDE;
      default -> peftName.substring(PeftNames.PREFIX.length());
    };
  }

  private static String unprefixed(String module, String peftName) {
    if (!module.startsWith(MODEL_PREFIX)) {
      throw new MalformedUpdateException(
          peftName + ": expected a module under " + MODEL_PREFIX + ", got " + module);
    }
    return module.substring(MODEL_PREFIX.length());
  }

  private static String strip(String s, String suffix) {
    return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : null;
  }

  private static String labelsJson(LabelSet labels) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(labels.labels());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
