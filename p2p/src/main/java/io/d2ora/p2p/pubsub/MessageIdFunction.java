package io.d2ora.p2p.pubsub;

import java.io.ByteArrayOutputStream;

/**
 * Computes the id of a message. Every peer on a topic must use the same function, or gossip and
 * de-duplication break. Throws {@link IllegalArgumentException} for a message it cannot identify
 * (the sender is then penalised).
 */
@FunctionalInterface
public interface MessageIdFunction {

  MessageId apply(WireMessage message);

  /**
   * js-libp2p gossipsub's StrictSign default ({@code msgIdFnStrictSign}): the author's public-key
   * protobuf followed by the 8-byte seqno. The key is the one embedded in an identity-multihash
   * peer ID (Ed25519, secp256k1) or else the message's {@code key} field.
   */
  MessageIdFunction PUBLIC_KEY_SEQNO =
      message -> {
        byte[] key = PeerIdBytes.embeddedPublicKey(requireFrom(message));
        if (key == null) {
          key = message.key();
        }
        if (key == null) {
          throw new IllegalArgumentException("message has neither an embedded nor a carried key");
        }
        return new MessageId(concat(key, requireSeqno(message)));
      };

  /**
   * go-libp2p-pubsub's default ({@code DefaultMsgIdFn}): the author's peer ID bytes followed by the
   * seqno. Not what js computes: use it only on go-compatible networks.
   */
  MessageIdFunction FROM_SEQNO =
      message -> new MessageId(concat(requireFrom(message), requireSeqno(message)));

  private static byte[] requireFrom(WireMessage message) {
    if (message.from() == null || message.from().length == 0) {
      throw new IllegalArgumentException("message has no from field");
    }
    return message.from();
  }

  private static byte[] requireSeqno(WireMessage message) {
    if (message.seqno() == null) {
      throw new IllegalArgumentException("message has no seqno field");
    }
    return message.seqno();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
