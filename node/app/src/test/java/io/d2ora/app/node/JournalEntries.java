package io.d2ora.app.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.core.round.RoundId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * A peer's round journal as its data directory holds it ({@code journal/round-N.json}, a JSON array
 * of steps; see {@code RoundJournal}): what a node did and decided, by name, read back the way an
 * operator would.
 */
record JournalEntries(List<JsonNode> entries) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JournalEntries of(TestPeer peer, RoundId round) {
    Path file = peer.dataDir.resolve("journal").resolve("round-" + round + ".json");
    try {
      JsonNode array = JSON.readTree(Files.readString(file));
      return new JournalEntries(StreamSupport.stream(array.spliterator(), false).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The steps named {@code step} (REJECTED, AGGREGATED, OBSERVING, ...), in order. */
  List<JsonNode> steps(String step) {
    return entries.stream().filter(e -> step.equals(e.path("step").asText())).toList();
  }

  /** Why this node rejected {@code signer}'s update, if it did. */
  Optional<String> rejection(String signer) {
    return steps("REJECTED").stream()
        .filter(e -> signer.equalsIgnoreCase(e.path("signer").asText()))
        .map(e -> e.path("reason").asText())
        .findFirst();
  }

  /** When this node rejected {@code signer}'s update, if it did. */
  Optional<Instant> rejectedAt(String signer) {
    return steps("REJECTED").stream()
        .filter(e -> signer.equalsIgnoreCase(e.path("signer").asText()))
        .map(e -> Instant.ofEpochMilli(e.path("at").asLong()))
        .findFirst();
  }

  /** The signers of this node's last aggregate. */
  List<String> aggregated() {
    List<JsonNode> all = steps("AGGREGATED");
    if (all.isEmpty()) {
      return List.of();
    }
    return StreamSupport.stream(all.get(all.size() - 1).path("included").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }
}
