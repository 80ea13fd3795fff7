package io.d2ora.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only list of JSON objects kept in one small file, rewritten atomically on every append:
 * after a crash the file holds every entry whose {@link #append} returned, and nothing
 * half-written. Meant for a few dozen entries (one round's steps); the whole file is rewritten each
 * time, which at that size costs less than the fsync.
 *
 * <p>File format: a JSON array of objects, UTF-8. One writer per file (the owner of the round); not
 * thread-safe.
 */
public final class JournalFile {
  /** Default cap on a journal file: a round's journal is a few KiB. */
  public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final long maxBytes;
  private final List<ObjectNode> entries;

  private JournalFile(Path file, long maxBytes, List<ObjectNode> entries) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.entries = entries;
  }

  /** Opens the journal in {@code file}, empty if the file does not exist yet. */
  public static JournalFile open(Path file) {
    return open(file, DEFAULT_MAX_BYTES);
  }

  /**
   * Opens the journal in {@code file} with a size limit.
   *
   * @throws StoreException if the file cannot be read, exceeds {@code maxBytes} or is not a JSON
   *     array of objects (atomic writes rule out torn files, so this means outside damage)
   */
  public static JournalFile open(Path file, long maxBytes) {
    AtomicFiles.removeLeftovers(file.toAbsolutePath().getParent());
    return new JournalFile(file, maxBytes, load(file, maxBytes));
  }

  /** The entries in append order; the returned nodes are copies. */
  public List<ObjectNode> entries() {
    List<ObjectNode> copy = new ArrayList<>(entries.size());
    for (ObjectNode entry : entries) {
      copy.add(entry.deepCopy());
    }
    return copy;
  }

  /** A fresh object for the caller to fill and {@link #append}. */
  public ObjectNode newEntry() {
    return JSON.createObjectNode();
  }

  /** Appends {@code entry}; durable on disk when this returns. */
  public void append(ObjectNode entry) {
    ArrayNode array = JSON.createArrayNode();
    entries.forEach(array::add);
    array.add(entry.deepCopy());
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(array);
    } catch (IOException e) {
      throw new StoreException("cannot encode a journal entry for " + file + ": " + e, e);
    }
    if (bytes.length > maxBytes) {
      throw new StoreException(
          "journal " + file + " would grow to " + bytes.length + " bytes, over " + maxBytes);
    }
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
    entries.add(entry.deepCopy());
  }

  private static List<ObjectNode> load(Path file, long maxBytes) {
    JsonNode root;
    try {
      root = JSON.readTree(AtomicFiles.read(file, maxBytes));
    } catch (NoSuchFileException e) {
      return new ArrayList<>();
    } catch (IOException e) {
      throw new StoreException("cannot read the journal " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new StoreException("journal " + file + " is not a JSON array");
    }
    List<ObjectNode> loaded = new ArrayList<>(root.size());
    for (JsonNode node : root) {
      if (!(node instanceof ObjectNode object)) {
        throw new StoreException("journal " + file + " holds a non-object entry: " + node);
      }
      loaded.add(object);
    }
    return loaded;
  }
}
