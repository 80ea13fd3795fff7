package io.d2ora.app.exchange;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.store.ContentHash;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The gossip payload of an {@link UpdateAnnouncement}, fixed size, big-endian: unsigned (version
 * 1), or with the signer's commitment signature (version 2, a {@link SignedAnnouncement}, which
 * every node sends for its own update). Authenticity comes from the gossipsub message signature
 * (StrictSign): the author's peer ID must be the one the signer registered on chain, which the
 * exchange checks before delivering, with the commitment signature when there is one.
 *
 * <pre>
 * offset size field
 *      0    1 version (1 unsigned, 2 signed)
 *      1    8 round id, unsigned
 *      9   20 signer address
 *     29   32 update hash (keccak-256 of the update file)
 *     61    8 update size in bytes
 *     69      (end of version 1)
 *     69    8 sample count the signer signed, 1..2^63-1
 *     77   65 its EIP-712 Update signature: r (32) || s (32) || v (1)
 *    142      (end of version 2)
 * </pre>
 */
public final class AnnouncementCodec {
  public static final int VERSION = 1;
  public static final int LENGTH = 69;
  public static final int SIGNED_VERSION = 2;
  public static final int SIGNED_LENGTH = LENGTH + 8 + SignedAnnouncement.SIGNATURE_BYTES;

  private AnnouncementCodec() {}

  public static byte[] encode(UpdateAnnouncement a) {
    return header(a, VERSION, LENGTH).array();
  }

  public static byte[] encode(SignedAnnouncement signed) {
    ByteBuffer b = header(signed.announcement(), SIGNED_VERSION, SIGNED_LENGTH);
    b.putLong(signed.numSamples());
    b.put(signed.signature());
    return b.array();
  }

  private static ByteBuffer header(UpdateAnnouncement a, int version, int length) {
    ByteBuffer b = ByteBuffer.allocate(length);
    b.put((byte) version);
    b.putLong(a.round().value());
    b.put(HexFormat.of().parseHex(a.signer().hex().substring(2)));
    b.put(a.updateHash().bytes());
    b.putLong(a.size());
    return b;
  }

  /**
   * The announcement of a version-1 or version-2 payload.
   *
   * @throws MalformedAnnouncementException if {@code bytes} are neither
   */
  public static UpdateAnnouncement decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    boolean signed = bytes.length > 0 && bytes[0] == SIGNED_VERSION;
    int expected = signed ? SIGNED_LENGTH : LENGTH;
    if (bytes.length != expected) {
      throw new MalformedAnnouncementException(
          (signed ? "a signed announcement is " : "an announcement is ")
              + expected
              + " bytes, got "
              + bytes.length);
    }
    int version = b.get() & 0xff;
    if (version != VERSION && version != SIGNED_VERSION) {
      throw new MalformedAnnouncementException(
          "expected announcement version "
              + VERSION
              + " or "
              + SIGNED_VERSION
              + ", got "
              + version);
    }
    long round = b.getLong();
    byte[] signer = new byte[20];
    b.get(signer);
    byte[] hash = new byte[32];
    b.get(hash);
    long size = b.getLong();
    try {
      return new UpdateAnnouncement(
          RoundId.of(round),
          new Address("0x" + HexFormat.of().formatHex(signer)),
          ContentHash.of(hash),
          size);
    } catch (IllegalArgumentException e) {
      throw new MalformedAnnouncementException(
          "invalid announcement " + HexFormat.of().formatHex(bytes) + ": " + e.getMessage());
    }
  }

  /**
   * The signed announcement of a version-2 payload; empty for version 1.
   *
   * @throws MalformedAnnouncementException if {@code bytes} are neither
   */
  public static Optional<SignedAnnouncement> decodeSigned(byte[] bytes) {
    UpdateAnnouncement a = decode(bytes);
    if (bytes[0] != SIGNED_VERSION) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, LENGTH, SIGNED_LENGTH - LENGTH);
    long samples = b.getLong();
    byte[] signature = new byte[SignedAnnouncement.SIGNATURE_BYTES];
    b.get(signature);
    try {
      return Optional.of(new SignedAnnouncement(a, samples, signature));
    } catch (IllegalArgumentException e) {
      throw new MalformedAnnouncementException("invalid signed announcement: " + e.getMessage());
    }
  }

  /** Bytes on a gossip topic that are not an announcement (the author is at fault). */
  public static final class MalformedAnnouncementException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedAnnouncementException(String message) {
      super(message);
    }
  }
}
