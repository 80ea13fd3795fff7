package io.d2ora.p2p.pubsub;

import java.util.concurrent.CompletionStage;

/**
 * The application side of the router: validators and listeners of the subscribed topics. Both are
 * called on the router thread with messages whose signature has already been checked.
 */
interface Inbox {

  /** The application's verdict; may complete later, on any thread. */
  CompletionStage<ValidationResult> validate(WireMessage message, MessageId id, PeerKey from);

  /** Hands an accepted message to the topic's listener. */
  void deliver(WireMessage message, MessageId id, PeerKey from);
}
