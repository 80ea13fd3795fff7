package io.d2ora.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.core.store.ContentHash;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import io.d2ora.testing.Toolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens an update file with a second, independent reader: scripts/reference/safetensors-check.mjs
 * (Node builtins, keccak from ethers). Needs Node 22 and the project's node_modules.
 */
@RequiresRealComponents(RealComponent.NODE)
class SafetensorsNodeIT {
  private static final Path SCRIPT = ProjectRoot.resolve("scripts/reference/safetensors-check.mjs");

  @Test
  void shouldOpenWithNodeReaderAndAgreeOnKeccak(@TempDir Path dir) throws Exception {
    AdapterUpdate u = TestUpdates.random(11, 250);
    Path file = dir.resolve("adapter_model.safetensors");
    byte[] bytes = SafetensorsCodec.write(file, u);

    Process p =
        new ProcessBuilder(Toolchain.node().toString(), SCRIPT.toString(), file.toString())
            .directory(ProjectRoot.path().toFile())
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
}
