package io.d2ora.core.adapter;

/**
 * Bounds the decoder checks before it allocates anything for untrusted bytes. The defaults fit a
 * DoRA adapter on every linear layer of a 12-layer, hidden-384 BERT (about 6 MB) with room to
 * spare.
 *
 * @param maxFileBytes largest whole file accepted
 * @param maxHeaderBytes largest JSON header accepted (the safetensors reference allows 100 MB; an
 *     adapter's header is a few KB)
 * @param maxTensors most tensors in one file
 * @param maxRank most dimensions of one tensor
 */
public record UpdateLimits(long maxFileBytes, int maxHeaderBytes, int maxTensors, int maxRank) {
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;
  public static final int DEFAULT_MAX_HEADER_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_TENSORS = 10_000;
  public static final int DEFAULT_MAX_RANK = 8;

  public static final UpdateLimits DEFAULT =
      new UpdateLimits(
          DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_TENSORS, DEFAULT_MAX_RANK);

  public UpdateLimits {
    if (maxFileBytes < 8 || maxFileBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "maxFileBytes must be in [8, 2^31 - 9] (a Java array), got " + maxFileBytes);
    }
    if (maxHeaderBytes < 2 || maxTensors < 0 || maxRank < 0) {
      throw new IllegalArgumentException(
          "limits must be positive: header "
              + maxHeaderBytes
              + ", tensors "
              + maxTensors
              + ", rank "
              + maxRank);
    }
  }
}
