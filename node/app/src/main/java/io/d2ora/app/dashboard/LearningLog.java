package io.d2ora.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a node learned in each round, for the dashboard's curves and provenance: {@code
 * <data-dir>/learning.jsonl}, one JSON object per line, appended by the node.
 *
 * <pre>
 * kind      fields (besides "round", "kind", "account")
 * trained   train_loss, validation_accuracy (null without validation data), samples
 * round     start_from (adapter hash the round trained from, null: fresh), aggregate (hash, null
 *           when the round produced none), aggregate_accuracy (on this node's validation split)
 * </pre>
 *
 * Reading skips lines it cannot parse (a crash mid-append leaves at most one).
 */
public final class LearningLog {
  public static final String FILE = "learning.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BYTES = 16L * 1024 * 1024;

  /** One peer's training in one round. */
  public record Trained(
      long round, String account, double trainLoss, OptionalDouble accuracy, long samples) {}

  /** How one round went for one peer: where it started, what it ended with. */
  public record RoundRecord(
      long round,
      String account,
      Optional<String> startFrom,
      Optional<String> aggregate,
      OptionalDouble aggregateAccuracy) {}

  /** Both kinds of a log (or of several logs), in file order. */
  public record Entries(List<Trained> trained, List<RoundRecord> rounds) {}

  private final Path file;

  public LearningLog(Path dataDir) {
    this.file = dataDir.resolve(FILE);
  }

  public synchronized void trained(
      long round, String account, double trainLoss, Double accuracy, long samples) {
    Map<String, Object> m = head(round, "trained", account);
    m.put("train_loss", trainLoss);
    m.put("validation_accuracy", accuracy);
    m.put("samples", samples);
    append(m);
  }

  public synchronized void round(
      long round, String account, String startFrom, String aggregate, Double aggregateAccuracy) {
    Map<String, Object> m = head(round, "round", account);
    m.put("start_from", startFrom);
    m.put("aggregate", aggregate);
    m.put("aggregate_accuracy", aggregateAccuracy);
    append(m);
  }

  private static Map<String, Object> head(long round, String kind, String account) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", round);
    m.put("kind", kind);
    m.put("account", account);
    return m;
  }

  private void append(Map<String, Object> m) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          JSON.writeValueAsString(m) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /** The entries of the logs in {@code dataDirs} (a missing log is empty). */
  public static Entries read(List<Path> dataDirs) {
    List<Trained> trained = new ArrayList<>();
    List<RoundRecord> rounds = new ArrayList<>();
    for (Path dir : dataDirs) {
      for (JsonNode n : lines(dir.resolve(FILE))) {
        long round = n.path("round").asLong(0);
        String account = n.path("account").asText("?");
        if (round <= 0) {
          continue;
        }
        switch (n.path("kind").asText()) {
          case "trained" ->
              trained.add(
                  new Trained(
                      round,
                      account,
                      n.path("train_loss").asDouble(Double.NaN),
                      number(n, "validation_accuracy"),
                      n.path("samples").asLong(0)));
          case "round" ->
              rounds.add(
                  new RoundRecord(
                      round,
                      account,
                      text(n, "start_from"),
                      text(n, "aggregate"),
                      number(n, "aggregate_accuracy")));
          default -> {}
        }
      }
    }
    return new Entries(trained, rounds);
  }

  private static List<JsonNode> lines(Path file) {
    List<JsonNode> out = new ArrayList<>();
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
        return out;
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          JsonNode n = JSON.readTree(line);
          if (n != null && n.isObject()) {
            out.add(n);
          }
        } catch (IOException e) {
          // A torn last line after a crash: the other lines still count.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }

  private static OptionalDouble number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isNumber() ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }
}
