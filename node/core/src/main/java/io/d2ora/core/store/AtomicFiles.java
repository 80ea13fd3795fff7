package io.d2ora.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe whole-file writes: the bytes go to a temporary file in the target's directory, are
 * forced to disk, and the temporary file is renamed over the target in one atomic step; then the
 * directory itself is forced so the rename survives a power loss (the POSIX recipe, see e.g. Pillai
 * et al., "All File Systems Are Not Created Equal", OSDI 2014).
 */
final class AtomicFiles {
  private static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  /** Replaces {@code target} with {@code bytes} atomically; creates the directory if needed. */
  static void write(Path target, byte[] bytes) {
    Path dir = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "." + target.getFileName(), TEMP_SUFFIX);
      try {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        }
        move(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
      forceDirectory(dir);
    } catch (IOException e) {
      throw new StoreException("cannot write " + target + ": " + e.getMessage(), e);
    }
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
