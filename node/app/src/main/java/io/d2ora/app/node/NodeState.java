package io.d2ora.app.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.core.store.AtomicFiles;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the node loop remembers across restarts ({@code <data-dir>/node-state.json}, replaced
 * atomically and durably by {@link AtomicFiles}, so a crash leaves the old state or the new): the
 * last round it finished, the aggregate the next round starts from and how long its last training
 * took (for the {@link JoinPolicy}). Rounds in progress are remembered by their own journals.
 *
 * @param lastRound the last finished round (0: none)
 * @param startFrom the adapter the next round trains from, if any
 * @param lastTraining how long the last local training took, if the node has trained
 */
record NodeState(long lastRound, Optional<ContentHash> startFrom, Optional<Duration> lastTraining) {
  static final String FILE = "node-state.json";

  /** A state without a training time measured. */
  NodeState(long lastRound, Optional<ContentHash> startFrom) {
    this(lastRound, startFrom, Optional.empty());
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  static NodeState load(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      return new NodeState(0, Optional.empty(), Optional.empty());
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      Optional<ContentHash> start =
          n.hasNonNull("startFrom")
              ? Optional.of(ContentHash.parse(n.get("startFrom").asText()))
              : Optional.empty();
      Optional<Duration> training =
          n.hasNonNull("trainingMillis")
              ? Optional.of(Duration.ofMillis(n.get("trainingMillis").asLong()))
              : Optional.empty();
      return new NodeState(n.path("lastRound").asLong(0), start, training);
    } catch (IOException | RuntimeException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  void save(Path dataDir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lastRound", lastRound);
    m.put("startFrom", startFrom.map(ContentHash::hex).orElse(null));
    m.put("trainingMillis", lastTraining.map(Duration::toMillis).orElse(null));
    Path file = dataDir.resolve(FILE);
    try {
      AtomicFiles.write(file, out -> JSON.writeValue(out, m));
    } catch (IOException e) {
      throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
