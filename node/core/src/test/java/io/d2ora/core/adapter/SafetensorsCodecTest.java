package io.d2ora.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.store.ContentHash;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsCodecTest {

  @Test
  void shouldRoundTripBitExact() {
    float[] odd = {
      -0.0f, 0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.MAX_VALUE, 1e-40f, 1.0f / 3, -7.5f
    };
    AdapterUpdate original =
        new AdapterUpdate(
            new TreeMap<>(
                Map.of(
                    "base_model.model.x.lora_A.weight", FloatTensor.of(odd, 2, 4),
                    "scalar", FloatTensor.of(new float[] {42f}),
                    "empty", FloatTensor.zeros(0, 3))),
            new TreeMap<>(Map.of("format", "pt", "note", "quote \" backslash \\ tab \t é ✓")));

    AdapterUpdate decoded = SafetensorsCodec.decode(SafetensorsCodec.encode(original));

    assertThat(decoded).isEqualTo(original);
    float[] back = decoded.tensor("base_model.model.x.lora_A.weight").data();
    for (int i = 0; i < odd.length; i++) {
      assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(odd[i]));
    }
  }

  @Test
  void shouldWriteSameBytesWhateverTheInsertionOrder() {
    AdapterUpdate a = TestUpdates.random(7, 100);
    Map<String, FloatTensor> reversed = new java.util.LinkedHashMap<>();
    a.tensors().descendingMap().forEach(reversed::put);
    AdapterUpdate b = AdapterUpdate.of(reversed, TestUpdates.config(), TestUpdates.metadata(100));

    byte[] first = SafetensorsCodec.encode(a);

    assertThat(SafetensorsCodec.encode(b)).isEqualTo(first);
    assertThat(SafetensorsCodec.encode(SafetensorsCodec.decode(first))).isEqualTo(first);
    assertThat(ContentHash.keccak256(SafetensorsCodec.encode(b)))
        .isEqualTo(ContentHash.keccak256(first));
  }

  @Test
  void shouldWriteTheDocumentedCanonicalLayout() {
    AdapterUpdate u =
        new AdapterUpdate(
            new TreeMap<>(
                Map.of(
                    "b", FloatTensor.of(new float[] {1f}, 1),
                    "a", FloatTensor.of(new float[] {2f, -0.5f}, 2))),
            new TreeMap<>(Map.of("format", "pt")));

    byte[] bytes = SafetensorsCodec.encode(u);

    String header =
        "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a\":{\"data_offsets\":[0,8],\"dtype\":\"F32\",\"shape\":[2]},"
            + "\"b\":{\"data_offsets\":[8,12],\"dtype\":\"F32\",\"shape\":[1]}}";
    int padded = (header.length() + 7) / 8 * 8;
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(buf.getLong()).isEqualTo(padded);
    assertThat(new String(bytes, 8, padded, StandardCharsets.UTF_8))
        .isEqualTo(header + " ".repeat(padded - header.length()));
    buf.position(8 + padded);
    assertThat(new float[] {buf.getFloat(), buf.getFloat(), buf.getFloat()})
        .containsExactly(2f, -0.5f, 1f);
    assertThat(bytes).hasSize(8 + padded + 12);
  }

  @Test
  void shouldOpenWithAnIndependentSpecReader() {
    AdapterUpdate u = TestUpdates.random(3, 10);
    byte[] bytes = SafetensorsCodec.encode(u);

    Map<String, SpecReader.Tensor> read = SpecReader.read(bytes);

    assertThat(read.keySet()).isEqualTo(u.tensors().keySet());
    u.tensors()
        .forEach(
            (name, t) -> {
              assertThat(read.get(name).shape()).containsExactly(t.shape());
              assertThat(read.get(name).values()).containsExactly(t.data());
            });
    assertThat(SpecReader.metadata(bytes)).isEqualTo(u.metadata());
    assertThat(SpecReader.headerLength(bytes) % 8).isZero();
  }

  @Test
  void shouldCarryPeftConfigAndD2oraFieldsInMetadata() {
    AdapterUpdate u = SafetensorsCodec.decode(SafetensorsCodec.encode(TestUpdates.random(1, 77)));

    assertThat(u.config()).isEqualTo(TestUpdates.config());
    assertThat(u.d2ora()).isEqualTo(TestUpdates.metadata(77));
    assertThat(u.metadata()).containsEntry("format", "pt");
  }

  @Test
  void shouldRejectNonFiniteValuesNamingTheTensor() {
    AdapterUpdate u = TestUpdates.random(1, 1);
    byte[] bytes = SafetensorsCodec.encode(u);
    String victim = u.tensors().lastKey();
    // The last tensor's last float is the file's last 4 bytes.
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(bytes.length - 4, Float.NaN);

    assertThatThrownBy(() -> SafetensorsCodec.decode(bytes))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining(victim)
        .hasMessageContaining("NaN");
    ByteBuffer.wrap(bytes)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putFloat(bytes.length - 4, Float.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> SafetensorsCodec.decode(bytes))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("Infinity");
  }

  @Test
  void shouldRefuseToEncodeNonFiniteValues() {
    AdapterUpdate u =
        new AdapterUpdate(
            new TreeMap<>(Map.of("t", FloatTensor.of(new float[] {Float.NaN}, 1))),
            new TreeMap<>());

    assertThatThrownBy(() -> SafetensorsCodec.encode(u))
        .isInstanceOfSatisfying(
            NonFiniteTensorException.class, e -> assertThat(e.tensor()).isEqualTo("t"))
        .hasMessageContaining("'t'");
  }

  @Test
  void shouldRefuseAnOverflowedValueWithItsNamedException() {
    // What an exact aggregate of huge but finite inputs held when cast to float32.
    float overflowed = (float) (Float.MAX_VALUE * 2.0);
    AdapterUpdate u =
        new AdapterUpdate(
            new TreeMap<>(Map.of("b", FloatTensor.of(new float[] {1, overflowed}, 2))),
            new TreeMap<>());

    assertThatThrownBy(() -> SafetensorsCodec.encode(u))
        .isInstanceOf(NonFiniteTensorException.class)
        .hasMessageContaining("'b' has non-finite value Infinity at index 1");
  }

  @Test
  void shouldRejectOtherDtypesExplicitly() {
    byte[] bytes =
        Raw.file("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]);

    assertThatThrownBy(() -> SafetensorsCodec.decode(bytes))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("BF16")
        .hasMessageContaining("F32");
  }

  @Test
  void shouldRejectHeaderProblemsWithTheirReason() {
    String ok = "\"dtype\":\"F32\",\"shape\":[1]";
    Map<String, String> cases =
        Map.of(
            "{\"a\":{" + ok + ",\"data_offsets\":[0,4]},\"a\":{" + ok + ",\"data_offsets\":[4,8]}}",
            "Duplicate",
            "{\"a\":{" + ok + ",\"data_offsets\":[0,4]},\"b\":{" + ok + ",\"data_offsets\":[0,4]}}",
            "overlap",
            "{\"a\":{" + ok + ",\"data_offsets\":[4,8]}}",
            "hole",
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
            "needs 12 bytes",
            "{\"a\":{" + ok + ",\"data_offsets\":[0,4]}} x",
            "JSON",
            "{\"a\":{" + ok + ",\"data_offsets\":[0,16]}}",
            "not within",
            "{\"__metadata__\":{\"k\":1}}",
            "must be a string",
            "{\"a\":{" + ok + ",\"data_offsets\":[0,4],\"extra\":1}}",
            "unknown field",
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
            "non-negative");
    cases.forEach(
        (header, reason) ->
            assertThatThrownBy(() -> SafetensorsCodec.decode(Raw.file(header, new byte[8])))
                .as(header)
                .isInstanceOf(MalformedUpdateException.class)
                .hasMessageContaining(reason));
  }

  @Test
  void shouldRejectOversizedHeaderLengthBeforeAllocating() {
    byte[] bytes = new byte[64];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
    assertThatThrownBy(() -> SafetensorsCodec.decode(bytes))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("header length");
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
    assertThatThrownBy(() -> SafetensorsCodec.decode(bytes))
        .hasMessageContaining("18446744073709551615");
  }

  @Test
  void shouldEnforceLimits() {
    byte[] bytes = SafetensorsCodec.encode(TestUpdates.random(1, 1));

    assertThatThrownBy(() -> SafetensorsCodec.decode(bytes, new UpdateLimits(100, 1 << 20, 100, 8)))
        .hasMessageContaining("limit is 100");
    assertThatThrownBy(() -> SafetensorsCodec.decode(bytes, new UpdateLimits(1 << 20, 64, 100, 8)))
        .hasMessageContaining("header limit 64");
    assertThatThrownBy(
            () -> SafetensorsCodec.decode(bytes, new UpdateLimits(1 << 20, 1 << 20, 3, 8)))
        .hasMessageContaining("limit is 3 tensors");
    assertThatThrownBy(
            () -> SafetensorsCodec.decode(bytes, new UpdateLimits(1 << 20, 1 << 20, 100, 1)))
        .hasMessageContaining("rank 2 exceeds limit 1");
  }

  @Test
  void shouldCheckShapesAgainstTheRoundLayout() {
    AdapterLayout other =
        AdapterLayout.builder()
            .dora(TestUpdates.MODULES[0], TestUpdates.OUT, TestUpdates.IN, TestUpdates.R + 1)
            .build();
    byte[] bytes = SafetensorsCodec.encode(TestUpdates.random(1, 1));

    assertThat(SafetensorsCodec.decode(bytes, UpdateLimits.DEFAULT, TestUpdates.layout()))
        .isEqualTo(TestUpdates.random(1, 1));
    assertThatThrownBy(() -> SafetensorsCodec.decode(bytes, UpdateLimits.DEFAULT, other))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("expected shape [3, 5], got [2, 5]")
        .hasMessageContaining("unexpected " + PeftNames.saved("classifier", "bias"));
  }

  @Test
  void shouldWriteAPeftDirectory(@TempDir Path dir) throws Exception {
    AdapterUpdate u = TestUpdates.random(5, 9);

    byte[] bytes = SafetensorsCodec.writePeftDirectory(dir, u);

    assertThat(Files.readAllBytes(dir.resolve("adapter_model.safetensors"))).isEqualTo(bytes);
    assertThat(AdapterConfig.fromJson(Files.readString(dir.resolve("adapter_config.json"))))
        .isEqualTo(u.config());
    assertThat(
            SafetensorsCodec.read(dir.resolve("adapter_model.safetensors"), UpdateLimits.DEFAULT))
        .isEqualTo(u);
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList())
        .isEqualTo(List.of("adapter_config.json", "adapter_model.safetensors"));
  }

  /** Builds raw files from a header string and data bytes (no padding, no validation). */
  static final class Raw {
    static byte[] file(String header, byte[] data) {
      byte[] h = header.getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(8 + h.length + data.length)
          .order(ByteOrder.LITTLE_ENDIAN)
          .putLong(h.length)
          .put(h)
          .put(data)
          .array();
    }
  }
}
