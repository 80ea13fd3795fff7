package io.d2ora.core.adapter;

import io.d2ora.core.store.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Update file bytes to and from {@link AdapterUpdate}, in the safetensors format
 * (github.com/huggingface/safetensors, README "Format"), written in one canonical form so that
 * equal updates give equal bytes and hence equal hashes ({@link
 * io.d2ora.core.store.ContentHash#keccak256}).
 *
 * <table>
 *   <caption>Byte layout of an update file</caption>
 *   <tr><th>offset</th><th>length</th><th>content</th></tr>
 *   <tr><td>0</td><td>8</td><td>N, the header length: unsigned 64-bit little-endian</td></tr>
 *   <tr><td>8</td><td>N</td><td>header: a UTF-8 JSON object, then 0x20 (space) padding so that
 *       8 + N is a multiple of 8 (the spec allows trailing whitespace; the reference writer pads
 *       the same way, so F32 data is 8-byte aligned)</td></tr>
 *   <tr><td>8 + N</td><td>D</td><td>data buffer: each tensor's elements as IEEE-754 float32
 *       little-endian in row-major order; tensors one after another, no gaps</td></tr>
 * </table>
 *
 * <p>Canonical header ({@link CanonicalJson}): no whitespace; keys ({@code __metadata__}, string to
 * string and omitted when empty, and the tensor names) sorted in byte order, which puts {@code
 * __metadata__} before every PEFT name ({@code base_model.model.*}); each tensor entry is {@code
 * {"data_offsets":[begin,end],"dtype":"F32","shape":[...]}} with offsets relative to the start of
 * the data buffer. Data is laid out in the same (name) order, starting at 0. Example: {@code
 * {"__metadata__":{"format":"pt"},"a":{"data_offsets":[0,8],"dtype":"F32", "shape":[2]}}} followed
 * by 2 padding spaces.
 *
 * <p>Decoding treats the bytes as hostile: sizes are checked against {@link UpdateLimits} and the
 * actual length before any allocation; the header must be strict JSON (no duplicate keys, nothing
 * after the object but spaces), start with '{', declare only F32 tensors whose shapes match their
 * byte ranges, and whose ranges tile the data buffer exactly; every value must be finite. Any
 * violation is a {@link MalformedUpdateException}; the decoder throws nothing else for bad input.
 */
public final class SafetensorsCodec {
  /** The reserved header key for string metadata. */
  public static final String METADATA_KEY = "__metadata__";

  /** The only dtype updates use. */
  public static final String DTYPE = "F32";

  /** The file name PEFT loads adapter weights from. */
  public static final String PEFT_WEIGHTS_FILE = "adapter_model.safetensors";

  /** The file name PEFT loads the adapter config from. */
  public static final String PEFT_CONFIG_FILE = "adapter_config.json";

  private SafetensorsCodec() {}

  /**
   * The canonical bytes of an update.
   *
   * @throws NonFiniteTensorException when a value is NaN or infinite
   * @throws IllegalArgumentException when the file would not fit in a Java array
   */
  public static byte[] encode(AdapterUpdate update) {
    Map<String, Object> header = new LinkedHashMap<>();
    if (!update.metadata().isEmpty()) {
      header.put(METADATA_KEY, update.metadata());
    }
    long offset = 0;
    for (Map.Entry<String, FloatTensor> e : update.tensors().entrySet()) {
      FloatTensor t = e.getValue();
      int bad = t.firstNonFinite();
      if (bad >= 0) {
        throw new NonFiniteTensorException(e.getKey(), t.data()[bad], bad);
      }
      long end = offset + 4L * t.size();
      List<Integer> shape = new ArrayList<>();
      for (int d : t.shape()) {
        shape.add(d);
      }
      header.put(
          e.getKey(), Map.of("dtype", DTYPE, "shape", shape, "data_offsets", List.of(offset, end)));
      offset = end;
    }
    byte[] json = CanonicalJson.write(header).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) & ~7;
    long total = 8L + padded + offset;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("update of " + total + " bytes does not fit in an array");
    }
    ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded).put(json);
    for (int i = json.length; i < padded; i++) {
      out.put((byte) ' ');
    }
    for (FloatTensor t : update.tensors().values()) {
      for (float v : t.data()) {
        out.putFloat(v);
      }
    }
    return out.array();
  }

  /** Decodes untrusted bytes with the default limits. */
  public static AdapterUpdate decode(byte[] bytes) {
    return decode(bytes, UpdateLimits.DEFAULT);
  }

  /**
   * Decodes untrusted bytes.
   *
   * @throws MalformedUpdateException when the bytes are not a valid update file
   */
  public static AdapterUpdate decode(byte[] bytes, UpdateLimits limits) {
    if (bytes.length < 8) {
      throw new MalformedUpdateException(
          "file is " + bytes.length + " bytes; the header length alone takes 8");
    }
    if (bytes.length > limits.maxFileBytes()) {
      throw new MalformedUpdateException(
          "file is " + bytes.length + " bytes, limit is " + limits.maxFileBytes());
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = in.getLong(0);
    if (n < 2 || n > limits.maxHeaderBytes() || n > bytes.length - 8L) {
      throw new MalformedUpdateException(
          "header length "
              + Long.toUnsignedString(n)
              + " is out of range (file "
              + bytes.length
              + " bytes, header limit "
              + limits.maxHeaderBytes()
              + ")");
    }
    int headerLength = (int) n;
    if (bytes[8] != '{') {
      throw new MalformedUpdateException(
          "header must start with '{', got byte " + (bytes[8] & 0xff));
    }
    String json = utf8(bytes, 8, headerLength);
    int dataStart = 8 + headerLength;
    SafetensorsHeader.Parsed header =
        SafetensorsHeader.parse(json, bytes.length - dataStart, limits);
    NavigableMap<String, FloatTensor> tensors = new TreeMap<>();
    for (SafetensorsHeader.Entry e : header.entries()) {
      float[] data = new float[(e.end() - e.begin()) / 4];
      in.position(dataStart + e.begin());
      in.asFloatBuffer().get(data);
      FloatTensor t = new FloatTensor(e.shape(), data);
      int bad = t.firstNonFinite();
      if (bad >= 0) {
        throw new MalformedUpdateException(
            "tensor '" + e.name() + "' has non-finite value " + data[bad] + " at index " + bad);
      }
      tensors.put(e.name(), t);
    }
    try {
      return new AdapterUpdate(tensors, new TreeMap<>(header.metadata()));
    } catch (IllegalArgumentException e) {
      throw new MalformedUpdateException(e.getMessage());
    }
  }

  /** Decodes and checks the tensors against a round's expected layout. */
  public static AdapterUpdate decode(byte[] bytes, UpdateLimits limits, AdapterLayout layout) {
    AdapterUpdate update = decode(bytes, limits);
    layout.check(update);
    return update;
  }

  /**
   * Reads an update file, checking its size before reading it.
   *
   * @throws MalformedUpdateException when the contents are invalid
   * @throws AdapterException when the file cannot be read
   */
  public static AdapterUpdate read(Path file, UpdateLimits limits) {
    return decode(readBytes(file, limits), limits);
  }

  /** A file's bytes, refusing files over the size limit before reading them. */
  public static byte[] readBytes(Path file, UpdateLimits limits) {
    try {
      long size = Files.size(file);
      if (size > limits.maxFileBytes()) {
        throw new MalformedUpdateException(
            file + " is " + size + " bytes, limit is " + limits.maxFileBytes());
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new AdapterException("cannot read " + file + ": " + e, e);
    }
  }

  /**
   * Writes the canonical bytes to {@code file} atomically ({@link AtomicFiles}: temporary file,
   * fsync, rename, directory fsync), creating its directory if needed.
   */
  public static byte[] write(Path file, AdapterUpdate update) {
    byte[] bytes = encode(update);
    writeAtomically(file, bytes);
    return bytes;
  }

  /**
   * Writes a directory PEFT's {@code PeftModel.from_pretrained} loads: {@value #PEFT_WEIGHTS_FILE}
   * and {@value #PEFT_CONFIG_FILE}. Returns the weights file's bytes.
   */
  public static byte[] writePeftDirectory(Path dir, AdapterUpdate update) {
    writeAtomically(
        dir.resolve(PEFT_CONFIG_FILE),
        update.config().toPrettyJson().getBytes(StandardCharsets.UTF_8));
    return write(dir.resolve(PEFT_WEIGHTS_FILE), update);
  }

  private static void writeAtomically(Path file, byte[] bytes) {
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw new AdapterException("cannot write " + file + ": " + e, e);
    }
  }

  private static String utf8(byte[] bytes, int offset, int length) {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, offset, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new MalformedUpdateException("header is not valid UTF-8: " + e);
    }
  }
}
