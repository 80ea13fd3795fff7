package io.d2ora.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.D2ora;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The smoke config end to end on the real model and data: train writes a PEFT update, eval scores
 * it, predict classifies with it.
 */
@RequiresRealComponents({RealComponent.BASE_MODEL, RealComponent.SENTIMENT_DATA})
class TrainCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    assertThat(code).as("exit code; stderr: %s", err).isZero();
    return out.toString();
  }

  @Test
  void shouldTrainEvaluateAndPredictWithTheSmokeConfig() throws Exception {
    Path home = ProjectRoot.path();
    Path data = home.resolve(".cache/data/yelp/test.jsonl");
    JsonNode trained =
        JSON.readTree(
            run(
                "train",
                "--config",
                home.resolve("configs/smoke.json").toString(),
                "--output-dir",
                dir.toString(),
                "--json"));
    assertThat(trained.get("update_hash").asText()).matches("0x[0-9a-f]{64}");
    assertThat(dir.resolve("adapter_model.safetensors")).isRegularFile();
    assertThat(Files.readString(dir.resolve("adapter_config.json")))
        .contains("\"use_dora\"")
        .containsPattern(
            "\"base_model_name_or_path\" ?: ?\"sentence-transformers/all-MiniLM-L6-v2\"");

    JsonNode eval =
        JSON.readTree(
            run("eval", "--adapter", dir.toString(), "--data", data.toString(), "--json"));
    assertThat(eval.get("count").asInt()).isEqualTo(300);
    assertThat(eval.get("accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(eval.get("accuracy_ci95").get(0).asDouble())
        .isLessThan(eval.get("accuracy").asDouble());
    assertThat(eval.get("accuracy_ci95").get(1).asDouble())
        .isGreaterThan(eval.get("accuracy").asDouble());
    assertThat(eval.get("confusion_matrix")).hasSize(2);

    JsonNode predicted =
        JSON.readTree(
            run("predict", "--adapter", dir.toString(), "--text", "Great food!", "--json"));
    assertThat(predicted.get("label").asText()).isIn("negative", "positive");
    assertThat(predicted.get("token_ids").get(0).asInt()).isEqualTo(101);
    assertThat(predicted.get("logits").size()).isEqualTo(2);
  }
}
