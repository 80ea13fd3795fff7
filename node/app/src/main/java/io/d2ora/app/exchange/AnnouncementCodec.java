package io.d2ora.app.exchange;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.store.ContentHash;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The gossip payload of an {@link UpdateAnnouncement}, fixed size, big-endian. Authenticity comes
 * from the gossipsub message signature (StrictSign): the author's peer ID must be the one the
 * signer registered on chain, which the exchange checks before delivering.
 *
 * <pre>
 * offset size field
 *      0    1 version (1)
 *      1    8 round id, unsigned
 *      9   20 signer address
 *     29   32 update hash (keccak-256 of the update file)
 *     61    8 update size in bytes
 *     69      (end)
 * </pre>
 */
public final class AnnouncementCodec {
  public static final int VERSION = 1;
  public static final int LENGTH = 69;

  private AnnouncementCodec() {}

  public static byte[] encode(UpdateAnnouncement a) {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.put((byte) VERSION);
    b.putLong(a.round().value());
    b.put(HexFormat.of().parseHex(a.signer().hex().substring(2)));
    b.put(a.updateHash().bytes());
    b.putLong(a.size());
    return b.array();
  }

  /**
   * @throws MalformedAnnouncementException if {@code bytes} are not a version-1 announcement
   */
  public static UpdateAnnouncement decode(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new MalformedAnnouncementException(
          "an announcement is " + LENGTH + " bytes, got " + bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int version = b.get() & 0xff;
    if (version != VERSION) {
      throw new MalformedAnnouncementException(
          "expected announcement version " + VERSION + ", got " + version);
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
          "invalid announcement " + Arrays.toString(bytes) + ": " + e.getMessage());
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
