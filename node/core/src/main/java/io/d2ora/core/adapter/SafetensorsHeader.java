package io.d2ora.core.adapter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parses and validates a safetensors JSON header against the data buffer's length, before any
 * tensor is allocated. Every number is checked: dtype, shape (non-negative, rank bound, no
 * overflow), offsets (in range, length = elements x 4), and the ranges together (sorted by start
 * they must tile [0, data length) exactly: no hole, no overlap, nothing left over), as the
 * safetensors reference implementation requires.
 */
final class SafetensorsHeader {
  static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
          .build();

  /** One tensor's entry; {@code begin} and {@code end} are relative to the data buffer. */
  record Entry(String name, int[] shape, int begin, int end) {}

  /** The parsed header: tensors in data order, and the metadata. */
  record Parsed(List<Entry> entries, Map<String, String> metadata) {}

  private SafetensorsHeader() {}

  static Parsed parse(String json, long dataLength, UpdateLimits limits) {
    JsonNode root;
    try {
      root = STRICT.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedUpdateException("header is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedUpdateException("header must be a JSON object");
    }
    if (root.size() > limits.maxTensors() + 1) {
      throw new MalformedUpdateException(
          "header has " + root.size() + " entries, limit is " + limits.maxTensors() + " tensors");
    }
    Map<String, String> metadata = new TreeMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (field.getKey().equals(SafetensorsCodec.METADATA_KEY)) {
        metadata = metadata(field.getValue());
      } else {
        entries.add(entry(field.getKey(), field.getValue(), dataLength, limits));
      }
    }
    checkTiling(entries, dataLength);
    return new Parsed(entries, metadata);
  }

  private static Map<String, String> metadata(JsonNode node) {
    if (!node.isObject()) {
      throw new MalformedUpdateException("__metadata__ must be an object of strings");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new MalformedUpdateException(
            "__metadata__ value of '"
                + e.getKey()
                + "' must be a string, got "
                + e.getValue().getNodeType());
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static Entry entry(String name, JsonNode node, long dataLength, UpdateLimits limits) {
    if (!node.isObject()) {
      throw new MalformedUpdateException("tensor '" + name + "': entry must be an object");
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String f = field.getKey();
      if (!ENTRY_FIELDS.contains(f)) {
        throw new MalformedUpdateException("tensor '" + name + "': unknown field '" + f + "'");
      }
    }
    JsonNode dtype = node.get("dtype");
    if (dtype == null || !dtype.isTextual()) {
      throw new MalformedUpdateException("tensor '" + name + "': dtype missing or not a string");
    }
    if (!dtype.textValue().equals(SafetensorsCodec.DTYPE)) {
      throw new MalformedUpdateException(
          "tensor '"
              + name
              + "': dtype "
              + dtype.textValue()
              + " is not supported; updates are F32");
    }
    int[] shape = shape(name, node.get("shape"), limits);
    long[] offsets = offsets(name, node.get("data_offsets"), dataLength);
    long elements = FloatTensor.elementCount(shape);
    long expectedBytes = elements < 0 || elements > Long.MAX_VALUE / 4 ? -1 : elements * 4;
    if (expectedBytes != offsets[1] - offsets[0]) {
      throw new MalformedUpdateException(
          "tensor '"
              + name
              + "': shape "
              + java.util.Arrays.toString(shape)
              + " needs "
              + expectedBytes
              + " bytes, data_offsets span "
              + (offsets[1] - offsets[0]));
    }
    return new Entry(name, shape, (int) offsets[0], (int) offsets[1]);
  }

  private static int[] shape(String name, JsonNode node, UpdateLimits limits) {
    if (node == null || !node.isArray()) {
      throw new MalformedUpdateException("tensor '" + name + "': shape missing or not an array");
    }
    if (node.size() > limits.maxRank()) {
      throw new MalformedUpdateException(
          "tensor '" + name + "': rank " + node.size() + " exceeds limit " + limits.maxRank());
    }
    int[] shape = new int[node.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = node.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
        throw new MalformedUpdateException(
            "tensor '" + name + "': shape dimension " + i + " is not a non-negative int: " + d);
      }
      shape[i] = d.intValue();
    }
    return shape;
  }

  private static long[] offsets(String name, JsonNode node, long dataLength) {
    if (node == null || !node.isArray() || node.size() != 2) {
      throw new MalformedUpdateException(
          "tensor '" + name + "': data_offsets must be [begin, end]");
    }
    long[] o = new long[2];
    for (int i = 0; i < 2; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw new MalformedUpdateException(
            "tensor '" + name + "': data_offsets[" + i + "] is not a non-negative integer: " + v);
      }
      o[i] = v.longValue();
    }
    if (o[0] > o[1] || o[1] > dataLength) {
      throw new MalformedUpdateException(
          "tensor '"
              + name
              + "': data_offsets ["
              + o[0]
              + ", "
              + o[1]
              + "] not within the data buffer of "
              + dataLength
              + " bytes");
    }
    return o;
  }

  /** Sorted by start, the ranges must cover [0, dataLength) exactly once. */
  private static void checkTiling(List<Entry> entries, long dataLength) {
    entries.sort(Comparator.comparingInt(Entry::begin).thenComparingInt(Entry::end));
    long expected = 0;
    for (Entry e : entries) {
      if (e.begin() != expected) {
        throw new MalformedUpdateException(
            "tensor '"
                + e.name()
                + "' starts at "
                + e.begin()
                + ", expected "
                + expected
                + (e.begin() < expected ? " (overlap)" : " (hole)"));
      }
      expected = e.end();
    }
    if (expected != dataLength) {
      throw new MalformedUpdateException(
          "tensors cover " + expected + " bytes of a " + dataLength + "-byte data buffer");
    }
  }
}
