package io.d2ora.core.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent safetensors reader written from the spec's text alone (huggingface/safetensors
 * README, "Format"): "8 bytes: N, an unsigned little-endian 64-bit integer, containing the size of
 * the header; N bytes: a JSON UTF-8 string representing the header [...] data_offsets point to the
 * tensor data relative to the beginning of the byte buffer [...]; rest of the file: byte-buffer."
 * It shares no code with {@link SafetensorsCodec}: bytes are assembled by hand, not by ByteBuffer.
 */
final class SpecReader {
  record Tensor(int[] shape, float[] values) {}

  private SpecReader() {}

  static long headerLength(byte[] file) {
    long n = 0;
    for (int i = 7; i >= 0; i--) {
      n = (n << 8) | (file[i] & 0xff);
    }
    return n;
  }

  static JsonNode header(byte[] file) {
    try {
      String json = new String(file, 8, (int) headerLength(file), StandardCharsets.UTF_8);
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new AssertionError("spec reader cannot parse the header", e);
    }
  }

  static Map<String, String> metadata(byte[] file) {
    Map<String, String> out = new TreeMap<>();
    header(file)
        .path("__metadata__")
        .properties()
        .forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  static Map<String, Tensor> read(byte[] file) {
    int bufferStart = 8 + (int) headerLength(file);
    Map<String, Tensor> out = new TreeMap<>();
    header(file)
        .properties()
        .forEach(
            e -> {
              if (e.getKey().equals("__metadata__")) {
                return;
              }
              JsonNode info = e.getValue();
              if (!info.get("dtype").asText().equals("F32")) {
                throw new AssertionError("unexpected dtype " + info.get("dtype"));
              }
              int[] shape = new int[info.get("shape").size()];
              for (int i = 0; i < shape.length; i++) {
                shape[i] = info.get("shape").get(i).asInt();
              }
              int begin = info.get("data_offsets").get(0).asInt();
              int end = info.get("data_offsets").get(1).asInt();
              float[] values = new float[(end - begin) / 4];
              for (int i = 0; i < values.length; i++) {
                int at = bufferStart + begin + 4 * i;
                int bits =
                    (file[at] & 0xff)
                        | (file[at + 1] & 0xff) << 8
                        | (file[at + 2] & 0xff) << 16
                        | (file[at + 3] & 0xff) << 24;
                values[i] = Float.intBitsToFloat(bits);
              }
              out.put(e.getKey(), new Tensor(shape, values));
            });
    return out;
  }
}
