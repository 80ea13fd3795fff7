package io.d2ora.app.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.D2ora;
import io.d2ora.core.adapter.AdapterConfig;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.PeftNames;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.store.ContentHash;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AdapterCommandTest {
  private static final String MODULE = "bert.encoder.layer.0.attention.self.query";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path file;
  private byte[] bytes;

  @BeforeEach
  void writeUpdate() {
    AdapterUpdate u =
        AdapterUpdate.of(
            Map.of(
                PeftNames.loraA(MODULE), FloatTensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3),
                PeftNames.loraB(MODULE), FloatTensor.of(new float[] {0, 0, 0, 0}, 2, 2),
                PeftNames.magnitude(MODULE), FloatTensor.of(new float[] {1, 1}, 2)),
            new AdapterConfig("m", "SEQ_CLS", 2, 4, 0, List.of("query"), true, false, List.of()),
            UpdateMetadata.local(
                31337, "0x" + "1".repeat(40), 3, ContentHash.parse("2".repeat(64)), 12));
    file = dir.resolve("adapter_model.safetensors");
    bytes = SafetensorsCodec.write(file, u);
  }

  private int run(String... args) {
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldPrintTheKeccakOfTheFile() {
    assertThat(run("adapter", "hash", file.toString())).isZero();
    assertThat(out.toString().trim()).isEqualTo(ContentHash.keccak256(bytes).hex()).hasSize(66);
  }

  @Test
  void shouldInspectTensorsMetadataSizeAndHash() {
    assertThat(run("adapter", "inspect", file.toString())).isZero();
    assertThat(out.toString())
        .containsPattern(java.util.regex.Pattern.quote(PeftNames.loraA(MODULE)) + " +F32  \\[2, 3]")
        .contains(PeftNames.magnitude(MODULE))
        .contains(bytes.length + " bytes")
        .contains(ContentHash.keccak256(bytes).hex())
        .contains("d2ora.round_id = 3")
        .contains("tensors   3 (12 float32 elements)");
  }

  @Test
  void shouldInspectAsJson() throws Exception {
    assertThat(run("adapter", "inspect", "--json", file.toString())).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("hash").asText()).isEqualTo(ContentHash.keccak256(bytes).hex());
    assertThat(json.get("bytes").asInt()).isEqualTo(bytes.length);
    assertThat(json.get("tensors").get(0).get("name").asText()).isEqualTo(PeftNames.loraA(MODULE));
    assertThat(json.get("tensors").get(0).get("shape").toString()).isEqualTo("[2,3]");
    assertThat(json.get("metadata").get("d2ora.num_samples").asText()).isEqualTo("12");
  }

  @Test
  void shouldExitTwoWithTheReasonOnABadFile() throws Exception {
    Path truncated = dir.resolve("bad.safetensors");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 3));

    assertThat(run("adapter", "inspect", truncated.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("not a valid update file").contains("data buffer");
    assertThat(run("adapter", "hash", dir.resolve("missing").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no such file");
    assertThat(out.toString()).isEmpty();
  }
}
