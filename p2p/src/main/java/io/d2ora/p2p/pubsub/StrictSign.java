package io.d2ora.p2p.pubsub;

import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.identity.PublicKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The StrictSign signature policy (libp2p pubsub spec, "Message Signing"; js-libp2p's default):
 * every message carries {@code from}, an 8-byte big-endian {@code seqno} and a signature by the
 * author's key over {@code "libp2p-pubsub:" || protobuf(from, data, seqno, topic)}. The {@code key}
 * field carries the public key only when the peer ID does not embed it.
 */
final class StrictSign implements MessageVerifier {
  private static final byte[] PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);
  private static final int SEQNO_BYTES = 8;

  /**
   * Seqnos increase strictly per author (go and kubo drop non-increasing ones); seeded from the
   * wall clock in nanoseconds, as js and go do, so a restarted node keeps increasing.
   */
  private final AtomicLong seqno = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

  /** Builds and signs a message from {@code key}'s peer. Thread-safe. */
  WireMessage sign(PrivateKey key, String topic, byte[] data) {
    return sign(key, topic, data, seqno.incrementAndGet());
  }

  /** Signs with an explicit seqno (reference tests). */
  static WireMessage sign(PrivateKey key, String topic, byte[] data, long seqnoValue) {
    PeerId author = key.peerId();
    byte[] seq = ByteBuffer.allocate(SEQNO_BYTES).putLong(seqnoValue).array();
    WireMessage unsigned = new WireMessage(author.bytes(), data, seq, topic, null, null);
    byte[] signature = key.sign(signedBytes(unsigned));
    byte[] carriedKey = author.publicKey().isPresent() ? null : key.publicKey().toProtobuf();
    return unsigned.signed(signature, carriedKey);
  }

  @Override
  public boolean verify(WireMessage message) {
    if (message.seqno() == null
        || message.seqno().length != SEQNO_BYTES
        || message.from() == null
        || message.signature() == null) {
      return false;
    }
    Optional<PublicKey> key = authorKey(message);
    return key.isPresent() && key.get().verify(signedBytes(message), message.signature());
  }

  /** The author's key: from the {@code key} field (which must match {@code from}) or the ID. */
  private static Optional<PublicKey> authorKey(WireMessage message) {
    try {
      PeerId from = new PeerId(message.from());
      if (message.key() == null) {
        return from.publicKey();
      }
      PublicKey carried = PublicKey.fromProtobuf(message.key());
      return from.matches(carried) ? Optional.of(carried) : Optional.empty();
    } catch (P2PException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static byte[] signedBytes(WireMessage message) {
    byte[] body = RpcCodec.encodeForSigning(message);
    byte[] out = new byte[PREFIX.length + body.length];
    System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
    System.arraycopy(body, 0, out, PREFIX.length, body.length);
    return out;
  }
}
