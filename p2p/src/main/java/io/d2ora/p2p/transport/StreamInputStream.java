package io.d2ora.p2p.transport;

import io.d2ora.p2p.StreamResetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blocking reader over a stream's received chunks. The event loop offers chunks; a worker thread
 * reads them, and each read returns window credit to the sender. Zero-length reads return 0 at once
 * (readNBytes issues them).
 */
final class StreamInputStream extends InputStream {
  private final YamuxStream stream;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int headOffset;
  private long buffered;
  private boolean eof;
  private StreamResetException error;
  private boolean closed;

  StreamInputStream(YamuxStream stream) {
    this.stream = stream;
  }

  void offer(byte[] chunk) {
    lock.lock();
    try {
      chunks.addLast(chunk);
      buffered += chunk.length;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void end() {
    lock.lock();
    try {
      eof = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void fail(StreamResetException cause) {
    lock.lock();
    try {
      if (!eof) {
        error = cause;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int n = 0;
    lock.lock();
    try {
      while (chunks.isEmpty() && !eof && error == null && !closed) {
        changed.await();
      }
      if (closed) {
        throw new IOException("stream input closed");
      }
      while (n < len && !chunks.isEmpty()) {
        byte[] head = chunks.peekFirst();
        int k = Math.min(len - n, head.length - headOffset);
        System.arraycopy(head, headOffset, b, off + n, k);
        n += k;
        headOffset += k;
        if (headOffset == head.length) {
          chunks.pollFirst();
          headOffset = 0;
        }
      }
      buffered -= n;
      if (n == 0) {
        if (error != null) {
          throw new IOException(error.getMessage(), error);
        }
        return -1;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + stream.protocol());
    } finally {
      lock.unlock();
    }
    int consumed = n;
    stream.execute(() -> stream.consumed(consumed));
    return n;
  }

  @Override
  public int available() {
    lock.lock();
    try {
      return (int) Math.min(Integer.MAX_VALUE, buffered);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    boolean reset;
    lock.lock();
    try {
      reset = !eof && error == null && !closed;
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (reset) {
      stream.reset();
    }
  }
}
