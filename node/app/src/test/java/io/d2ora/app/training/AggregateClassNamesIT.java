package io.d2ora.app.training;

import static io.d2ora.app.training.TinyRound.signer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.D2ora;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.WeightTensor;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.RoundPhase;
import io.d2ora.core.round.VerifiedUpdate;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.train.PeftUpdates;
import io.d2ora.core.train.Trainer;
import io.d2ora.core.train.TrainingConfig;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A model downloaded from a round names its classes: two validated updates on the real base model,
 * aggregated as a node does, then {@code adapter inspect} and {@code predict} on the aggregate
 * file. {@code predict} gets no {@code --base-model}: it finds the model from the hub id the
 * aggregate's PEFT config names.
 */
@RequiresRealComponents(RealComponent.BASE_MODEL)
class AggregateClassNamesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG =
      "{\"aggregation\": \"fedavg\", \"training\": {\"base_model\": \"all-minilm-l6-v2\","
          + " \"lora_r\": 2, \"lora_alpha\": 4, \"target_modules\": [\"query\", \"value\"],"
          + " \"labels\": [\"negative\", \"positive\"], \"seed\": 7}}";

  @TempDir Path dir;

  @Test
  void shouldNameTheClassesOfAnAggregate() throws Exception {
    BaseModel base = BaseModel.load(ProjectRoot.path().resolve(".cache/models/all-minilm-l6-v2"));
    RoundConfig config = RoundConfig.parse(CONFIG.getBytes(StandardCharsets.UTF_8));
    RoundInfo round =
        new RoundInfo(
            RoundId.of(1),
            base.hash(),
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
    AdapterAggregator aggregator =
        new AdapterAggregator(
            AdapterAggregator.only(config),
            base,
            TinyRound.CHAIN_ID,
            TinyRound.REGISTRY,
            report -> {});
    List<VerifiedUpdate> inputs =
        List.of(
            verified(aggregator, round, 1, update(base, config.training("unused"), 1, 30)),
            verified(aggregator, round, 2, update(base, config.training("unused"), 2, 50)));

    Path file = dir.resolve("round-1.safetensors");
    Files.write(file, aggregator.aggregate(round, inputs));

    JsonNode inspected = JSON.readTree(run("adapter", "inspect", "--json", file.toString()));
    JsonNode metadata = inspected.get("metadata");
    assertThat(metadata.get(UpdateMetadata.STRATEGY).asText()).isEqualTo("fedavg");
    assertThat(metadata.get(PeftUpdates.LABELS_KEY).asText())
        .isEqualTo("[\"negative\",\"positive\"]");
    assertThat(metadata.get("peft_config").asText())
        .contains("\"base_model_name_or_path\":\"sentence-transformers/all-MiniLM-L6-v2\"");
    JsonNode predicted =
        JSON.readTree(run("predict", "--adapter", file.toString(), "--text", "Great!", "--json"));
    assertThat(predicted.get("label").asText()).isIn("negative", "positive");
    assertThat(predicted.get("logits").fieldNames())
        .toIterable()
        .containsExactly("negative", "positive");
  }

  /** Fresh adapters and head plus seeded N(0, 0.01^2) noise, as a short training run leaves. */
  private static AdapterUpdate update(BaseModel base, TrainingConfig c, long seed, long samples) {
    Random rnd = new Random(seed);
    Map<String, WeightTensor> noisy = new LinkedHashMap<>();
    Trainer.newClassifier(base, c, 2)
        .state()
        .forEach(
            (name, t) -> {
              float[] v = t.data().clone();
              for (int i = 0; i < v.length; i++) {
                v[i] += (float) (0.01 * rnd.nextGaussian());
              }
              noisy.put(name, new WeightTensor(name, t.shape(), v));
            });
    UpdateMetadata meta =
        UpdateMetadata.local(TinyRound.CHAIN_ID, TinyRound.REGISTRY, 1, base.hash(), samples);
    return PeftUpdates.toUpdate(noisy, TinyRound.LABELS, PeftUpdates.adapterConfig(c), meta);
  }

  private static VerifiedUpdate verified(
      AdapterAggregator aggregator, RoundInfo round, int signer, AdapterUpdate update) {
    byte[] bytes = SafetensorsCodec.encode(update);
    long samples = update.d2ora().numSamples();
    aggregator.validate(round, signer(signer), samples, bytes);
    return new VerifiedUpdate(signer(signer), ContentHash.keccak256(bytes), samples, bytes);
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    assertThat(cli.execute(args)).as("exit code; stderr: %s", err).isZero();
    return out.toString();
  }
}
