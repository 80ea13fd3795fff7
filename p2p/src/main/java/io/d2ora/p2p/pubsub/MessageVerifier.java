package io.d2ora.p2p.pubsub;

/**
 * Checks a message against the router's signature policy (StrictSign: author, seqno, signature).
 */
@FunctionalInterface
interface MessageVerifier {

  /** True when the message is correctly signed by the peer in its {@code from} field. */
  boolean verify(WireMessage message);
}
