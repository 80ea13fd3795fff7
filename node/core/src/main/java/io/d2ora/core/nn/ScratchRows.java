package io.d2ora.core.nn;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Native rows for a product a layer forms and consumes within one call (an adapter's dropout-path
 * projection or input correction): one {@link RowBuffer} per thread, data type and width, shared by
 * every layer, instead of one per layer that would sit idle between its uses. Valid until the
 * calling thread's next request for the same type and width.
 */
public final class ScratchRows {
  private static final ThreadLocal<Map<Long, RowBuffer>> BUFFERS =
      ThreadLocal.withInitial(HashMap::new);

  private ScratchRows() {}

  /** {@code [n, cols]} scratch of this thread. */
  public static NativeMatrix rows(DataType type, long cols, int n) {
    long key = (long) type.ordinal() << 32 | cols;
    return BUFFERS.get().computeIfAbsent(key, k -> new RowBuffer(type, cols)).rows(n);
  }
}
