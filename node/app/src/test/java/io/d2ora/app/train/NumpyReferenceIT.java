package io.d2ora.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.D2ora;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import io.d2ora.testing.Toolchain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code predict --json} on a freshly trained smoke adapter agrees with the numpy reference
 * (scripts/reference/peft_logits_numpy.py: BERT from the ONNX weights, DoRA merged, mean pooling,
 * the classifier head) on the same token ids and, within {@link #TOLERANCE}, the same logits.
 */
@RequiresRealComponents({
  RealComponent.BASE_MODEL,
  RealComponent.SENTIMENT_DATA,
  RealComponent.PYTHON_NUMPY_ONNX
})
class NumpyReferenceIT {
  /** ND4J float32 against numpy float64; measured 8e-8 on these texts (docs/peft.md). */
  private static final double TOLERANCE = 1e-5;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAX_SEQ_LEN = "24";
  private static final List<String> TEXTS =
      List.of(
          "Great food!",
          "The service was slow, the waiter rude; I won't come back.",
          "Café crème brûlée was naïve-ly overpriced :(",
          "A very long review that rambles on and on about the parking, the music, the decor, the"
              + " menu, the prices and the staff, so that it runs past the token limit for sure.");

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
  void shouldMatchTheNumpyReferenceLogits() throws Exception {
    Path home = ProjectRoot.path();
    run(
        "train",
        "--config",
        home.resolve("configs/smoke.json").toString(),
        "--output-dir",
        dir.toString(),
        "--json");

    List<String> predict = new ArrayList<>(List.of("predict", "--adapter", dir.toString()));
    List<String> reference =
        new ArrayList<>(
            List.of(
                Toolchain.PYTHON,
                home.resolve("scripts/reference/peft_logits_numpy.py").toString(),
                "--adapter",
                dir.toString()));
    for (String text : TEXTS) {
      predict.addAll(List.of("--text", text));
      reference.addAll(List.of("--text", text));
    }
    predict.addAll(List.of("--max-seq-len", MAX_SEQ_LEN, "--json"));
    reference.addAll(List.of("--max-seq-len", MAX_SEQ_LEN));
    String[] ours = run(predict.toArray(String[]::new)).strip().split("\n");
    String[] theirs = python(reference).strip().split("\n");

    assertThat(theirs).hasSameSizeAs(ours).hasSize(TEXTS.size());
    double maxDiff = 0;
    for (int i = 0; i < ours.length; i++) {
      JsonNode a = JSON.readTree(ours[i]);
      JsonNode b = JSON.readTree(theirs[i]);
      assertThat(b.get("token_ids"))
          .as("token ids of %s", TEXTS.get(i))
          .isEqualTo(a.get("token_ids"));
      assertThat(b.get("logits").size()).isEqualTo(2);
      for (var label = a.get("logits").fieldNames(); label.hasNext(); ) {
        String name = label.next();
        assertThat(b.get("logits").has(name)).as("label %s", name).isTrue();
        double diff =
            Math.abs(a.get("logits").get(name).asDouble() - b.get("logits").get(name).asDouble());
        maxDiff = Math.max(maxDiff, diff);
      }
    }
    System.out.printf("max abs logit difference predict vs numpy reference: %.3g%n", maxDiff);
    assertThat(maxDiff).isLessThanOrEqualTo(TOLERANCE);
  }

  private static String python(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the reference script finished").isTrue();
    assertThat(p.exitValue()).as("reference exit code").isZero();
    return out;
  }
}
