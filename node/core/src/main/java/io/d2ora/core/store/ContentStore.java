package io.d2ora.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files named by the keccak-256 of their bytes ({@link ContentHash}), in one directory of the
 * node's data directory. Writes are atomic ({@link AtomicFiles}), so a file that exists is
 * complete; reads check the size limit before allocating and recompute the digest, so a file
 * damaged on disk is reported absent (and moved aside) instead of being handed to the aggregator or
 * served to peers.
 *
 * <p>Thread-safe: concurrent writers of the same content race only on an atomic rename of identical
 * bytes.
 */
public final class ContentStore {
  /** Default cap on one stored file: far above a DoRA update of a small encoder (a few MiB). */
  public static final long DEFAULT_MAX_FILE_BYTES = 256L * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ContentStore.class);
  private static final String DAMAGED_SUFFIX = ".damaged";

  private final Path dir;
  private final long maxFileBytes;

  /**
   * Opens (creating if needed) the store in {@code dir}, removing temporary files a killed writer
   * left behind.
   */
  public ContentStore(Path dir, long maxFileBytes) {
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
    }
    this.dir = dir;
    this.maxFileBytes = maxFileBytes;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the store directory " + dir + ": " + e, e);
    }
    AtomicFiles.removeLeftovers(dir);
  }

  /** The store in {@code dir} with the default size limit. */
  public static ContentStore open(Path dir) {
    return new ContentStore(dir, DEFAULT_MAX_FILE_BYTES);
  }

  /** The largest file this store accepts or returns. */
  public long maxFileBytes() {
    return maxFileBytes;
  }

  /**
   * Stores {@code bytes} durably (on disk when this returns) and returns their hash. Storing the
   * same content again is a no-op.
   *
   * @throws IllegalArgumentException if {@code bytes} exceed {@link #maxFileBytes()}
   */
  public ContentHash put(byte[] bytes) {
    if (bytes.length > maxFileBytes) {
      throw new IllegalArgumentException(
          "file of " + bytes.length + " bytes exceeds the store limit of " + maxFileBytes);
    }
    ContentHash hash = ContentHash.keccak256(bytes);
    if (get(hash).isEmpty()) {
      Path path = pathOf(hash);
      try {
        AtomicFiles.write(path, bytes);
      } catch (IOException e) {
        throw new StoreException("cannot write " + path + ": " + e.getMessage(), e);
      }
    }
    return hash;
  }

  /** The stored bytes named {@code hash}, verified; empty if absent or damaged. */
  public Optional<byte[]> get(ContentHash hash) {
    Path path = pathOf(hash);
    byte[] bytes;
    try {
      bytes = AtomicFiles.read(path, maxFileBytes);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      quarantine(path, e.getMessage());
      return Optional.empty();
    }
    ContentHash actual = ContentHash.keccak256(bytes);
    if (!actual.equals(hash)) {
      quarantine(path, "content hashes to " + actual);
      return Optional.empty();
    }
    return Optional.of(bytes);
  }

  /** Whether verified bytes named {@code hash} are stored. Reads and hashes the file. */
  public boolean contains(ContentHash hash) {
    return get(hash).isPresent();
  }

  /** The size in bytes of the stored file named {@code hash}, if present (not verified). */
  public Optional<Long> size(ContentHash hash) {
    try {
      return Optional.of(Files.size(pathOf(hash)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read the size of " + pathOf(hash) + ": " + e, e);
    }
  }

  private Path pathOf(ContentHash hash) {
    return dir.resolve(hash.digits());
  }

  private void quarantine(Path path, String reason) {
    LOG.warn("stored file {} is damaged ({}); moving it aside", path, reason);
    try {
      Files.move(
          path,
          path.resolveSibling(path.getFileName() + DAMAGED_SUFFIX),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreException("cannot move the damaged file " + path + " aside: " + e, e);
    }
  }
}
