package io.d2ora.core.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe whole-file writes, the one writer core and node/app use for files that must never be
 * torn: the bytes go to a temporary file in the target's directory, are forced to disk, and the
 * temporary file is renamed over the target in one atomic step; then the directory itself is forced
 * so the rename survives a power loss (the POSIX recipe, see e.g. Pillai et al., "All File Systems
 * Are Not Created Equal", OSDI 2014). A write that fails at any point leaves the target with its
 * old content (or absent) and removes the temporary file; a process killed mid-write leaves at most
 * a temporary file, which {@link #removeLeftovers} deletes.
 *
 * <p>Failures are {@link IOException}s: the caller says whose fault it is in its own terms.
 * Temporary files are created with the platform's default permissions, like any other write.
 */
public final class AtomicFiles {
  private static final String TEMP_SUFFIX = ".tmp";
  private static final int BUFFER_BYTES = 1 << 16;

  private AtomicFiles() {}

  /**
   * What a streaming write puts in the file (e.g. a JSON serializer); it may fail part-way, and the
   * target then keeps its old content. Closing {@code out} only flushes it.
   */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Replaces {@code target} with {@code bytes} atomically; creates the directory if needed. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Replaces {@code target} with what {@code content} writes, atomically; creates the directory if
   * needed.
   */
  public static void write(Path target, Content content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve(temporaryName(target));
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = new KeepOpen(Channels.newOutputStream(channel));
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    forceDirectory(dir);
  }

  /** Reads {@code path} if it is at most {@code maxBytes} long; checked before allocating. */
  static byte[] read(Path path, long maxBytes) throws IOException {
    long size = Files.size(path);
    if (size > maxBytes) {
      throw new IOException(path + " has " + size + " bytes, more than the limit " + maxBytes);
    }
    return Files.readAllBytes(path);
  }

  /** Removes temporary files a killed writer left behind in {@code dir}. */
  static void removeLeftovers(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.getFileName().toString().endsWith(TEMP_SUFFIX)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot clean " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Buffers, and keeps the channel open when a serializer closes its output: it must be forced. */
  private static final class KeepOpen extends BufferedOutputStream {
    KeepOpen(OutputStream channel) {
      super(channel, BUFFER_BYTES);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** {@code .<name>.<random>.tmp}: hidden, unique, and recognisable as a leftover. */
  private static String temporaryName(Path target) {
    long random = ThreadLocalRandom.current().nextLong();
    return "." + target.getFileName() + "." + Long.toUnsignedString(random, 36) + TEMP_SUFFIX;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename atomically in " + to.getParent(), e);
    }
  }

  private static void forceDirectory(Path dir) throws IOException {
    // Opening a directory for reading works on Linux and macOS; where it does not (Windows), the
    // rename is as durable as the platform makes it.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      if (System.getProperty("os.name", "").startsWith("Windows")) {
        return;
      }
      throw e instanceof IOException io ? io : new IOException(e);
    }
  }
}
