package io.d2ora.app.node;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundOutcome;
import io.d2ora.core.round.RoundStatus;
import io.d2ora.core.store.ContentHash;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's event as the acceptance DSL sees it: the map {@link NodeEvents} emits (the same fields
 * {@code --json} prints), read back into the core's types once, here, so tests compare typed
 * values. A field missing or malformed fails the test at this point, naming the event.
 */
sealed interface PeerEvent {
  /**
   * A {@code status} event: the round runner reached {@code stage}; {@code failures} ledger or
   * network failures in a row (0 when healthy).
   */
  record Status(RoundId round, RoundStatus.Stage stage, String detail, int failures)
      implements PeerEvent {}

  /** An {@code outcome} event: how the round ended for this peer. */
  record Outcome(RoundOutcome outcome) implements PeerEvent {}

  /** A {@code skipped} event: the peer's join policy refused the round, for {@code reason}. */
  record Skipped(RoundId round, String reason) implements PeerEvent {}

  /** The peer's loop died with an unexpected exception (the DSL adds this, the node does not). */
  record Crashed(String error) implements PeerEvent {}

  /** Any other event ({@code started}, {@code trained}, {@code peer}, ...), untyped. */
  record Other(String name, Map<String, Object> fields) implements PeerEvent {}

  static PeerEvent of(Map<String, Object> e) {
    try {
      return switch (String.valueOf(e.get("event"))) {
        case "status" ->
            new Status(
                round(e),
                RoundStatus.Stage.valueOf(text(e, "stage")),
                String.valueOf(e.get("detail")),
                Integer.parseInt(text(e, "failures")));
        case "outcome" ->
            new Outcome(
                new RoundOutcome(
                    round(e),
                    RoundOutcome.Result.valueOf(text(e, "result")),
                    hash(e, "aggregate"),
                    hash(e, "local"),
                    ((List<?>) e.get("included"))
                        .stream().map(a -> Address.parse(a.toString())).toList(),
                    String.valueOf(e.get("detail"))));
        case "skipped" -> new Skipped(round(e), text(e, "reason"));
        case "crashed" -> new Crashed(text(e, "error"));
        default ->
            new Other(
                String.valueOf(e.get("event")),
                Collections.unmodifiableMap(new LinkedHashMap<>(e)));
      };
    } catch (RuntimeException ex) {
      throw new AssertionError("malformed node event " + e + ": " + ex, ex);
    }
  }

  private static RoundId round(Map<String, Object> e) {
    return RoundId.of(Long.parseLong(text(e, "round")));
  }

  private static Optional<ContentHash> hash(Map<String, Object> e, String field) {
    return Optional.ofNullable(e.get(field)).map(h -> ContentHash.parse(h.toString()));
  }

  private static String text(Map<String, Object> e, String field) {
    Object value = e.get(field);
    if (value == null) {
      throw new IllegalArgumentException("no field '" + field + "'");
    }
    return value.toString();
  }
}
