package io.d2ora.app.training;

import io.d2ora.core.optim.AdamWState;
import io.d2ora.core.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer's AdamW moments between rounds, in its data directory (private to the peer: never sent,
 * never hashed into an update). Written atomically after each round's training; read before the
 * next. A missing, torn, corrupt or foreign file (another round config's moments) is not an error:
 * the peer logs why and trains with a fresh optimizer, as it would in its first round.
 */
public final class OptimizerStateFile {
  private static final Logger LOG = LoggerFactory.getLogger(OptimizerStateFile.class);

  /** The file's name in the node's data directory. */
  public static final String NAME = "optimizer-state.bin";

  private final Path file;

  public OptimizerStateFile(Path file) {
    this.file = file;
  }

  /**
   * The moments kept for round config {@code tag}, or empty (with a log line saying why) when there
   * are none this peer can resume from.
   */
  public Optional<AdamWState> read(String tag) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      LOG.info("no optimizer state at {}: training starts with a fresh optimizer", file);
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("cannot read optimizer state {} ({}): starting with a fresh optimizer", file, e);
      return Optional.empty();
    }
    AdamWState state;
    try {
      state = AdamWState.decode(bytes);
    } catch (IllegalArgumentException e) {
      LOG.warn("{} is unusable ({}): starting with a fresh optimizer", file, e.getMessage());
      return Optional.empty();
    }
    if (!state.tag().equals(tag)) {
      LOG.warn(
          "{} holds the moments of round config {}, not {}: starting with a fresh optimizer",
          file,
          state.tag(),
          tag);
      return Optional.empty();
    }
    return Optional.of(state);
  }

  /**
   * Replaces the file with {@code state} atomically. A failure is logged, not thrown: the round's
   * update is already made, and the next round then starts with a fresh optimizer.
   */
  public void write(AdamWState state) {
    try {
      AtomicFiles.write(file, state.encode());
    } catch (IOException e) {
      LOG.warn("cannot write optimizer state {} ({}): the next round starts fresh", file, e);
    }
  }
}
