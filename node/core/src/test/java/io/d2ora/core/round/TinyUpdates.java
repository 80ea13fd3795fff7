package io.d2ora.core.round;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A tiny update format for round tests only (the product uses PEFT safetensors):
 *
 * <pre>
 * offset  size  field
 * 0       4     magic "TUPD"
 * 4       4     n, int32 little-endian, 1..1024
 * 8       4n    values, float32 little-endian, finite
 * </pre>
 *
 * with a validator and a sample-weighted mean aggregator over it (double accumulation in signer
 * order, float32 output), deterministic like the real one.
 */
final class TinyUpdates {
  static final int MAX_VALUES = 1024;
  private static final int MAGIC = 0x44505554; // "TUPD" read little-endian

  private TinyUpdates() {}

  static byte[] encode(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(values.length);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static float[] decode(byte[] bytes) {
    if (bytes.length < 8) {
      throw new InvalidUpdateException("update has " + bytes.length + " bytes, expected >= 8");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt() != MAGIC) {
      throw new InvalidUpdateException("update does not start with TUPD");
    }
    int n = b.getInt();
    if (n < 1 || n > MAX_VALUES || bytes.length != 8 + 4L * n) {
      throw new InvalidUpdateException(
          "update declares " + n + " values in " + bytes.length + " bytes");
    }
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = b.getFloat();
      if (!Float.isFinite(values[i])) {
        throw new InvalidUpdateException("value " + i + " is " + values[i]);
      }
    }
    return values;
  }

  static final UpdateValidator VALIDATOR = (round, signer, numSamples, bytes) -> decode(bytes);

  /** Sample-weighted mean, element-wise. */
  static final UpdateAggregator MEAN =
      (RoundInfo round, List<VerifiedUpdate> updates) -> {
        double[] sum = null;
        double total = 0;
        for (VerifiedUpdate u : updates) {
          float[] v;
          try {
            v = decode(u.bytes());
          } catch (InvalidUpdateException e) {
            throw new InvalidUpdateException(u.signer(), e.getMessage(), e);
          }
          if (sum == null) {
            sum = new double[v.length];
          } else if (v.length != sum.length) {
            throw new InvalidUpdateException(
                u.signer(), "has " + v.length + " values, expected " + sum.length, null);
          }
          for (int i = 0; i < v.length; i++) {
            sum[i] += (double) u.numSamples() * v[i];
          }
          total += u.numSamples();
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < mean.length; i++) {
          mean[i] = (float) (sum[i] / total);
        }
        return encode(mean);
      };
}
