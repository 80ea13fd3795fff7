package io.d2ora.p2p.pubsub;

import java.util.Objects;

/**
 * A pubsub message as it travels: {@code Message { bytes from = 1; bytes data = 2; bytes seqno = 3;
 * string topic = 4; bytes signature = 5; bytes key = 6; }}. Absent optional fields are null; {@code
 * data} is never null (an absent data field reads as empty, as in js-libp2p).
 *
 * @param from the author's peer ID bytes (a multihash)
 * @param data the payload
 * @param seqno 8 bytes, big-endian, under StrictSign
 * @param topic the topic
 * @param signature signature over {@code "libp2p-pubsub:" || protobuf(fields 1-4)}
 * @param key the author's public-key protobuf, when the peer ID does not embed it
 */
public record WireMessage(
    byte[] from, byte[] data, byte[] seqno, String topic, byte[] signature, byte[] key) {

  public WireMessage {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(topic, "topic");
  }

  /** The same message without signature and key: the part the signature covers. */
  public WireMessage unsigned() {
    return new WireMessage(from, data, seqno, topic, null, null);
  }

  /** The same message with the given signature and key. */
  public WireMessage signed(byte[] newSignature, byte[] newKey) {
    return new WireMessage(from, data, seqno, topic, newSignature, newKey);
  }

  /** The number of payload bytes plus metadata, for size accounting. */
  public int approximateSize() {
    return data.length + topic.length() + len(from) + len(seqno) + len(signature) + len(key);
  }

  private static int len(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }
}
