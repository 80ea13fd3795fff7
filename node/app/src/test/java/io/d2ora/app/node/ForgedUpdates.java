package io.d2ora.app.node;

import io.d2ora.app.training.AdapterAggregator;
import io.d2ora.core.adapter.AdapterConfig;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.SafetensorsCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Update files a Byzantine peer makes out of its honestly trained one. Each is a well-formed
 * safetensors file whose fault is exactly the one named (NaN excepted: it is written into the
 * bytes, which the peer's own encoder refuses to produce).
 */
final class ForgedUpdates {
  static final float HUGE = 1e30f;

  private ForgedUpdates() {}

  /**
   * The same update at rank {@code rank} > r: factors padded with zeros (lora_A gets zero rows,
   * lora_B zero columns), so it computes the same function, and its PEFT config says {@code rank}.
   */
  static byte[] withRank(byte[] honest, int rank) {
    AdapterUpdate u = decode(honest);
    AdapterConfig config = u.config();
    int r = config.r();
    NavigableMap<String, FloatTensor> tensors = new TreeMap<>();
    u.tensors()
        .forEach(
            (name, t) -> {
              if (name.endsWith(".lora_A.weight")) {
                int in = t.shape()[1];
                float[] a = new float[rank * in];
                System.arraycopy(t.data(), 0, a, 0, r * in);
                tensors.put(name, FloatTensor.of(a, rank, in));
              } else if (name.endsWith(".lora_B.weight")) {
                int out = t.shape()[0];
                float[] b = new float[out * rank];
                for (int o = 0; o < out; o++) {
                  System.arraycopy(t.data(), o * r, b, o * rank, r);
                }
                tensors.put(name, FloatTensor.of(b, out, rank));
              } else {
                tensors.put(name, t);
              }
            });
    NavigableMap<String, String> metadata = new TreeMap<>(u.metadata());
    metadata.put(AdapterUpdate.PEFT_CONFIG_KEY, config.withRank(rank).toJson());
    return SafetensorsCodec.encode(new AdapterUpdate(tensors, metadata));
  }

  /** The same update with every lora_B value set to {@link #HUGE}: finite, and ruinous. */
  static byte[] huge(byte[] honest) {
    AdapterUpdate u = decode(honest);
    NavigableMap<String, FloatTensor> tensors = new TreeMap<>(u.tensors());
    u.tensors().entrySet().stream()
        .filter(e -> e.getKey().endsWith(".lora_B.weight"))
        .forEach(
            e -> {
              float[] v = new float[e.getValue().data().length];
              java.util.Arrays.fill(v, HUGE);
              tensors.put(e.getKey(), FloatTensor.of(v, e.getValue().shape()));
            });
    return SafetensorsCodec.encode(new AdapterUpdate(tensors, u.metadata()));
  }

  /**
   * The same bytes with the first float of the data buffer (the first tensor's first element)
   * overwritten by a NaN. Layout: an 8-byte little-endian header length N, the header, then the
   * data.
   */
  static byte[] withNaN(byte[] honest) {
    byte[] forged = honest.clone();
    ByteBuffer b = ByteBuffer.wrap(forged).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = b.getLong(0);
    b.putFloat(Math.toIntExact(8 + headerLength), Float.NaN);
    return forged;
  }

  /** Other bytes than {@code honest}: its last byte flipped. */
  static byte[] other(byte[] honest) {
    byte[] other = honest.clone();
    other[other.length - 1] ^= 1;
    return other;
  }

  private static AdapterUpdate decode(byte[] bytes) {
    return SafetensorsCodec.decode(bytes, AdapterAggregator.LIMITS);
  }
}
