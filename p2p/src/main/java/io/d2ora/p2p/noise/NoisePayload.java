package io.d2ora.p2p.noise;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.d2ora.p2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The libp2p Noise handshake payload.
 *
 * <pre>
 * message NoiseHandshakePayload {
 *   optional bytes identity_key = 1;        // libp2p PublicKey protobuf
 *   optional bytes identity_sig = 2;        // sign("noise-libp2p-static-key:" || static X25519 key)
 *   optional NoiseExtensions extensions = 4;
 * }
 * message NoiseExtensions { repeated bytes webtransport_certhashes = 1; repeated string stream_muxers = 2; }
 * </pre>
 *
 * @param identityKey the sender's public-key protobuf
 * @param identitySignature signature binding the static key to the identity
 * @param streamMuxers muxers the sender offers through the extension (js sends them; may be empty)
 */
public record NoisePayload(
    byte[] identityKey, byte[] identitySignature, List<String> streamMuxers) {
  /** Payloads are small; anything near the frame limit is abuse. */
  public static final int MAX_BYTES = 8192;

  public NoisePayload {
    streamMuxers = List.copyOf(streamMuxers);
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeByteArray(1, identityKey);
      out.writeByteArray(2, identitySignature);
      if (!streamMuxers.isEmpty()) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        CodedOutputStream extOut = CodedOutputStream.newInstance(ext);
        for (String m : streamMuxers) {
          extOut.writeString(2, m);
        }
        extOut.flush();
        out.writeByteArray(4, ext.toByteArray());
      }
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException("protobuf encoding to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws ProtocolViolationException when malformed, oversized or missing key or signature
   */
  public static NoisePayload decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new ProtocolViolationException(
          "noise payload of " + bytes.length + " bytes exceeds " + MAX_BYTES);
    }
    byte[] key = null;
    byte[] sig = null;
    List<String> muxers = new ArrayList<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag) {
          case 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> key = in.readByteArray();
          case 2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> sig = in.readByteArray();
          case 4 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED ->
              readExtensions(in.readByteArray(), muxers);
          default -> in.skipField(tag);
        }
      }
    } catch (IOException e) {
      throw new ProtocolViolationException("malformed noise payload: " + e.getMessage(), e);
    }
    if (key == null || sig == null) {
      throw new ProtocolViolationException("noise payload lacks identity key or signature");
    }
    return new NoisePayload(key, sig, muxers);
  }

  private static void readExtensions(byte[] bytes, List<String> muxers) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == (2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED) && muxers.size() < 16) {
        muxers.add(in.readString());
      } else {
        in.skipField(tag);
      }
    }
  }
}
