package io.d2ora.p2p.pubsub;

import io.d2ora.p2p.identity.PeerId;
import java.util.Objects;

/**
 * A verified pubsub message as handed to validators and listeners.
 *
 * @param topic the topic it was published on
 * @param data the payload (the caller owns the array: it is a copy per delivery)
 * @param author the peer that signed it
 * @param seqno the author's sequence number
 * @param id the message id (see {@link MessageIdFunction})
 * @param receivedFrom the neighbour that forwarded it to us
 */
public record PubSubMessage(
    String topic, byte[] data, PeerId author, long seqno, MessageId id, PeerId receivedFrom) {

  public PubSubMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(receivedFrom, "receivedFrom");
  }
}
