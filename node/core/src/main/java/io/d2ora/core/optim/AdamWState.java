package io.d2ora.core.optim;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * AdamW's moments after some steps, so a later run resumes where this one stopped (a peer keeps
 * them between rounds; they are never part of an update).
 *
 * <p>{@link #encode} writes a self-checking binary file: a magic, the caller's tag (e.g. the round
 * config hash, so a peer never resumes moments of another recipe), the step count, per parameter
 * its name and both moment vectors, and a CRC-32 of everything before it. {@link #decode} refuses
 * any other bytes with {@link IllegalArgumentException}.
 *
 * @param tag what the moments belong to
 * @param steps optimizer steps the moments have seen (bias correction continues from here)
 * @param names parameter names in the optimizer's order
 * @param first first moments, one vector per parameter
 * @param second second moments, one vector per parameter
 */
public record AdamWState(
    String tag, long steps, List<String> names, List<double[]> first, List<double[]> second) {
  private static final byte[] MAGIC = "D2ORA-ADAMW-1\n".getBytes(StandardCharsets.US_ASCII);

  public AdamWState {
    names = List.copyOf(names);
    first = List.copyOf(first);
    second = List.copyOf(second);
    if (steps < 0 || names.size() != first.size() || names.size() != second.size()) {
      throw new IllegalArgumentException(
          "optimizer state: expected steps >= 0 and one moment pair per parameter");
    }
    for (int i = 0; i < names.size(); i++) {
      if (first.get(i).length != second.get(i).length) {
        throw new IllegalArgumentException(
            "optimizer state: moments of " + names.get(i) + " differ in length");
      }
    }
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeUTF(tag);
      out.writeLong(steps);
      out.writeInt(names.size());
      for (int i = 0; i < names.size(); i++) {
        out.writeUTF(names.get(i));
        out.writeInt(first.get(i).length);
        for (double d : first.get(i)) {
          out.writeDouble(d);
        }
        for (double d : second.get(i)) {
          out.writeDouble(d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    return ByteBuffer.allocate(bytes.size() + Long.BYTES)
        .put(bytes.toByteArray())
        .putLong(crc.getValue())
        .array();
  }

  /**
   * @throws IllegalArgumentException if {@code bytes} are not a whole, intact state file, saying
   *     what is wrong
   */
  public static AdamWState decode(byte[] bytes) {
    if (bytes.length < MAGIC.length + Long.BYTES
        || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new IllegalArgumentException("optimizer state: not an AdamW state file");
    }
    int body = bytes.length - Long.BYTES;
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, body);
    if (crc.getValue() != ByteBuffer.wrap(bytes, body, Long.BYTES).getLong()) {
      throw new IllegalArgumentException("optimizer state: checksum mismatch (torn or corrupt)");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, body - MAGIC.length);
    try {
      String tag = utf(in);
      long steps = in.getLong();
      int count = in.getInt();
      if (count < 0 || count > in.remaining()) {
        throw new IllegalArgumentException("optimizer state: bad parameter count " + count);
      }
      List<String> names = new ArrayList<>();
      List<double[]> first = new ArrayList<>();
      List<double[]> second = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        names.add(utf(in));
        int length = in.getInt();
        if (length < 0 || (long) length * 2 * Double.BYTES > in.remaining()) {
          throw new IllegalArgumentException("optimizer state: bad moment length " + length);
        }
        first.add(doubles(in, length));
        second.add(doubles(in, length));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("optimizer state: trailing bytes");
      }
      return new AdamWState(tag, steps, names, first, second);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("optimizer state: truncated", e);
    }
  }

  private static String utf(ByteBuffer in) {
    int length = Short.toUnsignedInt(in.getShort());
    byte[] b = new byte[length];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static double[] doubles(ByteBuffer in, int length) {
    double[] d = new double[length];
    in.asDoubleBuffer().get(d);
    in.position(in.position() + length * Double.BYTES);
    return d;
  }
}
