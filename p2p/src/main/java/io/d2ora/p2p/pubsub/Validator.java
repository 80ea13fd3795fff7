package io.d2ora.p2p.pubsub;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Judges a topic's messages before they are delivered or forwarded (gossipsub v1.1 extended
 * validation). Called on the pubsub thread: return quickly, or return an incomplete stage and
 * finish on another thread. A stage that fails counts as {@link ValidationResult#IGNORE}.
 */
@FunctionalInterface
public interface Validator {

  /** Accepts every (correctly signed) message. */
  Validator ACCEPT_ALL = message -> CompletableFuture.completedFuture(ValidationResult.ACCEPT);

  CompletionStage<ValidationResult> validate(PubSubMessage message);

  /** A validator from a quick synchronous check. */
  static Validator of(Function<PubSubMessage, ValidationResult> check) {
    return message -> CompletableFuture.completedFuture(check.apply(message));
  }
}
