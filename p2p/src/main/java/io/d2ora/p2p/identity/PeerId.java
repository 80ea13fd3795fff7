package io.d2ora.p2p.identity;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.multiformats.Base58;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.multiformats.MultiaddrProtocol;
import io.d2ora.p2p.multiformats.Multihash;
import java.util.Arrays;
import java.util.Optional;

/**
 * A peer ID: the multihash of a public-key protobuf; identity multihash when the protobuf is at
 * most 42 bytes (Ed25519, secp256k1), sha2-256 otherwise. Text form: base58btc of the multihash,
 * e.g. {@code 12D3KooW...} for Ed25519.
 *
 * @param bytes the multihash bytes (copied in and out by the accessors that matter)
 */
public record PeerId(byte[] bytes) implements Comparable<PeerId> {
  /** Public-key protobufs up to this size are inlined with the identity multihash. */
  public static final int MAX_INLINE_KEY_BYTES = 42;

  public PeerId {
    bytes = bytes.clone();
    Multihash mh = Multihash.fromBytes(bytes);
    if (mh.code() != Multihash.IDENTITY && mh.code() != Multihash.SHA2_256) {
      throw new ProtocolViolationException(
          "peer ID multihash must be identity or sha2-256, got 0x"
              + Integer.toHexString(mh.code()));
    }
  }

  public static PeerId fromPublicKey(PublicKey key) {
    byte[] pb = key.toProtobuf();
    Multihash mh =
        pb.length <= MAX_INLINE_KEY_BYTES ? Multihash.identity(pb) : Multihash.sha256(pb);
    return new PeerId(mh.toBytes());
  }

  /**
   * Parses the base58btc text form.
   *
   * @throws ProtocolViolationException if the text is not a valid peer ID
   */
  public static PeerId parse(String text) {
    return new PeerId(Base58.decode(text));
  }

  /** The peer ID in the {@code /p2p/<id>} component of {@code addr}, if any. */
  public static Optional<PeerId> fromMultiaddr(Multiaddr addr) {
    return addr.valueOf(MultiaddrProtocol.P2P).map(PeerId::parse);
  }

  /** The public key, when it is inlined (identity multihash). */
  public Optional<PublicKey> publicKey() {
    Multihash mh = Multihash.fromBytes(bytes);
    return mh.code() == Multihash.IDENTITY
        ? Optional.of(PublicKey.fromProtobuf(mh.digest()))
        : Optional.empty();
  }

  /** Whether {@code key} is the key this ID was derived from. */
  public boolean matches(PublicKey key) {
    return equals(fromPublicKey(key));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@code addr/p2p/<this>}. */
  public Multiaddr appendTo(Multiaddr addr) {
    return addr.withoutP2P().encapsulate("/p2p/" + this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId p && Arrays.equals(p.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(PeerId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return Base58.encode(bytes);
  }
}
