package io.d2ora.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.core.store.ContentHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens an update file with a second, independent reader: scripts/reference/safetensors-check.mjs
 * (Node builtins, keccak from ethers). Needs Node 22 and the project's node_modules; in CI a
 * missing Node fails the test, on a developer machine it skips.
 */
class SafetensorsNodeIT {
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Path SCRIPT = ROOT.resolve("scripts/reference/safetensors-check.mjs");

  @Test
  void shouldOpenWithNodeReaderAndAgreeOnKeccak(@TempDir Path dir) throws Exception {
    requireNode();
    AdapterUpdate u = TestUpdates.random(11, 250);
    Path file = dir.resolve("adapter_model.safetensors");
    byte[] bytes = SafetensorsCodec.write(file, u);

    Process p =
        new ProcessBuilder("node", SCRIPT.toString(), file.toString())
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();

    JsonNode read = new ObjectMapper().readTree(output);
    assertThat(read.get("keccak256").asText()).isEqualTo(ContentHash.keccak256(bytes).hex());
    assertThat(read.get("headerLength").asInt() % 8).isZero();
    assertThat(read.get("metadata").get("peft_config").asText()).isEqualTo(u.config().toJson());
    u.tensors()
        .forEach(
            (name, t) -> {
              JsonNode n = read.get("tensors").get(name);
              assertThat(n).as(name).isNotNull();
              for (int i = 0; i < t.size(); i++) {
                assertThat((float) n.get("values").get(i).asDouble()).isEqualTo(t.data()[i]);
              }
            });
    assertThat(read.get("tensors").size()).isEqualTo(u.tensors().size());
  }

  private static void requireNode() throws Exception {
    boolean present =
        Files.exists(SCRIPT) && Files.isDirectory(ROOT.resolve("node_modules/ethers"));
    if (present) {
      try {
        Process v = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
        present = v.waitFor(20, TimeUnit.SECONDS) && v.exitValue() == 0;
      } catch (java.io.IOException e) {
        present = false;
      }
    }
    String missing =
        "Node.js with the project's node_modules (ethers) is required: run scripts/setup.sh";
    if ("true".equals(System.getenv("CI"))) {
      assertThat(present).as(missing).isTrue();
    }
    Assumptions.assumeTrue(present, missing);
  }
}
