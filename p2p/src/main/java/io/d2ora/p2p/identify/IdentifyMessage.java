package io.d2ora.p2p.identify;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identify message.
 *
 * <pre>
 * message Identify {
 *   optional bytes publicKey = 1;        repeated bytes listenAddrs = 2;
 *   repeated string protocols = 3;       optional bytes observedAddr = 4;
 *   optional string protocolVersion = 5; optional string agentVersion = 6;
 *   optional bytes signedPeerRecord = 8; // ignored
 * }
 * </pre>
 *
 * Absent fields are empty / {@code null}; identify/push senders may omit any. Listen addresses with
 * protocols we do not know are skipped rather than rejected.
 */
public record IdentifyMessage(
    byte[] publicKey,
    List<Multiaddr> listenAddresses,
    List<String> protocols,
    Optional<Multiaddr> observedAddress,
    String protocolVersion,
    String agentVersion) {
  /** Largest message accepted. */
  public static final int MAX_BYTES = 64 * 1024;

  public static final int MAX_PROTOCOLS = 1024;
  public static final int MAX_ADDRESSES = 128;

  public IdentifyMessage {
    listenAddresses = List.copyOf(listenAddresses);
    protocols = List.copyOf(protocols);
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      if (publicKey != null) {
        out.writeByteArray(1, publicKey);
      }
      for (Multiaddr a : listenAddresses) {
        out.writeByteArray(2, a.toBytes());
      }
      for (String p : protocols) {
        out.writeString(3, p);
      }
      if (observedAddress.isPresent()) {
        out.writeByteArray(4, observedAddress.get().toBytes());
      }
      if (protocolVersion != null) {
        out.writeString(5, protocolVersion);
      }
      if (agentVersion != null) {
        out.writeString(6, agentVersion);
      }
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException("protobuf encoding to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws ProtocolViolationException if malformed, oversized or over the field limits
   */
  public static IdentifyMessage decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new ProtocolViolationException(
          "identify message of " + bytes.length + " bytes exceeds " + MAX_BYTES);
    }
    byte[] key = null;
    List<Multiaddr> addrs = new ArrayList<>();
    List<String> protocols = new ArrayList<>();
    Multiaddr observed = null;
    String protocolVersion = null;
    String agentVersion = null;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
        if (!delimited || field < 1 || field > 6) {
          in.skipField(tag);
          continue;
        }
        switch (field) {
          case 1 -> key = in.readByteArray();
          case 2 -> {
            byte[] a = in.readByteArray();
            if (addrs.size() >= MAX_ADDRESSES) {
              throw new ProtocolViolationException(
                  "more than " + MAX_ADDRESSES + " listen addresses");
            }
            parseAddress(a).ifPresent(addrs::add);
          }
          case 3 -> {
            if (protocols.size() >= MAX_PROTOCOLS) {
              throw new ProtocolViolationException("more than " + MAX_PROTOCOLS + " protocols");
            }
            protocols.add(in.readStringRequireUtf8());
          }
          case 4 -> observed = parseAddress(in.readByteArray()).orElse(null);
          case 5 -> protocolVersion = in.readStringRequireUtf8();
          default -> agentVersion = in.readStringRequireUtf8();
        }
      }
    } catch (IOException e) {
      throw new ProtocolViolationException("malformed identify message: " + e.getMessage(), e);
    }
    return new IdentifyMessage(
        key, addrs, protocols, Optional.ofNullable(observed), protocolVersion, agentVersion);
  }

  private static Optional<Multiaddr> parseAddress(byte[] bytes) {
    try {
      return Optional.of(Multiaddr.fromBytes(bytes));
    } catch (P2PException e) {
      return Optional.empty(); // an address type we do not speak: not an error
    }
  }
}
