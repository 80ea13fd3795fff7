package io.d2ora.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.app.D2ora;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** User errors of train/eval/predict end with exit code 2 and a message saying what is wrong. */
class TrainCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldNameTheKeyAndExpectedTypeOfABadConfigValue() throws IOException {
    Path config =
        Files.writeString(dir.resolve("c.json"), "{\"dataset_path\": \"d\", \"lora_r\": 2.5}");
    assertThat(run("train", "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("key 'lora_r': expected an integer >= 1, got 2.5 (number)");
  }

  @Test
  void shouldRejectAnUnknownOverrideKey() throws IOException {
    Path config = Files.writeString(dir.resolve("c.json"), "{\"dataset_path\": \"d\"}");
    assertThat(run("train", "--config", config.toString(), "--set", "epochs=3")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown key 'epochs'");
  }

  @Test
  void shouldReportAMissingDataFileWithItsPath() throws IOException {
    Path config = Files.writeString(dir.resolve("c.json"), "{\"dataset_path\": \"no/such.jsonl\"}");
    assertThat(run("train", "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("data file not found: no/such.jsonl");
  }

  @Test
  void shouldRejectAnAdapterFileThatIsNotAnUpdate() throws IOException {
    Path bogus = Files.writeString(dir.resolve("adapter_model.safetensors"), "nope");
    Path data = Files.writeString(dir.resolve("d.jsonl"), "{\"text\":\"a\",\"label\":\"b\"}");
    assertThat(run("eval", "--adapter", bogus.toString(), "--data", data.toString())).isEqualTo(2);
    assertThat(run("predict", "--adapter", dir.resolve("none").toString(), "--text", "x"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no such file");
  }
}
