package io.d2ora.p2p.rpc;

/**
 * Hears what a {@link ContentExchange} serves, for metrics. Called on an event loop or the lookup
 * executor: must return quickly and not throw.
 */
public interface ServeListener {
  /** How a request was answered. */
  enum Answer {
    /** The content was found and its transfer started. */
    CONTENT,
    /** The content is not held (or larger than the exchange serves). */
    NOT_FOUND,
    /** No serving slot was free for the requester, or it is being penalised. */
    BUSY,
    /** The request was malformed. */
    BAD_REQUEST,
    /** The requester stalled (sent no request, or did not read the response) and was reset. */
    STALLED
  }

  /** A request got {@code answer}. */
  default void answered(Answer answer) {}

  /** {@code bytes} of content reached the requester's stream (one chunk of a response). */
  default void served(int bytes) {}
}
