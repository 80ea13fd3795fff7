package io.d2ora.p2p.identity;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.d2ora.p2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The libp2p key protobufs, encoded deterministically (fields in tag order, no extras) so that peer
 * IDs agree across implementations:
 *
 * <pre>
 * message PublicKey  { required KeyType Type = 1; required bytes Data = 2; }   // 08 tt 12 len data
 * message PrivateKey { required KeyType Type = 1; required bytes Data = 2; }
 * Ed25519 public data: 32 bytes; private data: seed(32) || public(32)
 * secp256k1 public data: 33-byte compressed point; private data: 32-byte scalar
 * </pre>
 */
public final class KeyProtobufCodec {
  /** Largest key protobuf accepted; RSA keys (unsupported) would be larger anyway. */
  public static final int MAX_BYTES = 1024;

  private KeyProtobufCodec() {}

  public static byte[] encodePublic(PublicKey key) {
    return encode(key.type(), key.raw());
  }

  public static byte[] encodePrivate(PrivateKey key) {
    byte[] data =
        switch (key.type()) {
          case ED25519 -> concat(key.raw(), key.publicKey().raw());
          case SECP256K1 -> key.raw();
        };
    return encode(key.type(), data);
  }

  public static PublicKey decodePublic(byte[] protobuf) {
    Decoded d = decode(protobuf);
    return switch (d.type()) {
      case ED25519 -> new Ed25519PublicKey(d.data());
      case SECP256K1 -> new Secp256k1PublicKey(d.data());
    };
  }

  public static PrivateKey decodePrivate(byte[] protobuf) {
    Decoded d = decode(protobuf);
    try {
      return switch (d.type()) {
        case ED25519 -> decodeEd25519Private(d.data());
        case SECP256K1 -> new Secp256k1PrivateKey(d.data());
      };
    } catch (IllegalArgumentException e) {
      throw new ProtocolViolationException("invalid private key: " + e.getMessage(), e);
    }
  }

  private static PrivateKey decodeEd25519Private(byte[] data) {
    if (data.length != 64 && data.length != 32) {
      throw new ProtocolViolationException(
          "Ed25519 private key data must be 64 (or 32) bytes, got " + data.length);
    }
    Ed25519PrivateKey key = new Ed25519PrivateKey(Arrays.copyOf(data, 32));
    if (data.length == 64
        && !Arrays.equals(Arrays.copyOfRange(data, 32, 64), key.publicKey().raw())) {
      throw new ProtocolViolationException("Ed25519 private key's public half does not match");
    }
    return key;
  }

  private record Decoded(KeyType type, byte[] data) {}

  private static Decoded decode(byte[] protobuf) {
    if (protobuf.length > MAX_BYTES) {
      throw new ProtocolViolationException(
          "key protobuf of " + protobuf.length + " bytes exceeds " + MAX_BYTES);
    }
    CodedInputStream in = CodedInputStream.newInstance(protobuf);
    long type = -1;
    byte[] data = null;
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag) {
          case 1 << 3 | WireFormat.WIRETYPE_VARINT -> type = in.readUInt64();
          case 2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> data = in.readByteArray();
          default -> in.skipField(tag); // unknown fields are ignored, as protobuf requires
        }
      }
    } catch (IOException e) {
      throw new ProtocolViolationException("malformed key protobuf: " + e.getMessage(), e);
    }
    if (type < 0 || data == null) {
      throw new ProtocolViolationException("key protobuf lacks its Type or Data field");
    }
    KeyType keyType = KeyType.fromProtobufNumber(type);
    if (keyType == null) {
      throw new ProtocolViolationException("unsupported key type " + type);
    }
    return new Decoded(keyType, data);
  }

  private static byte[] encode(KeyType type, byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 + data.length);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeEnum(1, type.protobufNumber());
      out.writeByteArray(2, data);
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException("protobuf encoding to memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
