package io.d2ora.app.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.core.store.AtomicFiles;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the node loop remembers across restarts ({@code <data-dir>/node-state.json}, replaced
 * atomically and durably by {@link AtomicFiles}, so a crash leaves the old state or the new): the
 * last round it finished and the aggregate the next round starts from. Rounds in progress are
 * remembered by their own journals.
 *
 * @param lastRound the last finished round (0: none)
 * @param startFrom the adapter the next round trains from, if any
 */
record NodeState(long lastRound, Optional<ContentHash> startFrom) {
  static final String FILE = "node-state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  static NodeState load(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      return new NodeState(0, Optional.empty());
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      Optional<ContentHash> start =
          n.hasNonNull("startFrom")
              ? Optional.of(ContentHash.parse(n.get("startFrom").asText()))
              : Optional.empty();
      return new NodeState(n.path("lastRound").asLong(0), start);
    } catch (IOException | RuntimeException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  void save(Path dataDir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lastRound", lastRound);
    m.put("startFrom", startFrom.map(ContentHash::hex).orElse(null));
    Path file = dataDir.resolve(FILE);
    try {
      AtomicFiles.write(file, out -> JSON.writeValue(out, m));
    } catch (IOException e) {
      throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
