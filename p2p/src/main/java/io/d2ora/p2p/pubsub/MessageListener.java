package io.d2ora.p2p.pubsub;

/** Receives a topic's accepted messages, on the pubsub thread: must not block. */
@FunctionalInterface
public interface MessageListener {
  void onMessage(PubSubMessage message);
}
