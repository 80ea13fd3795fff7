package io.d2ora.p2p.multiformats;

import io.d2ora.p2p.ProtocolViolationException;
import java.nio.charset.StandardCharsets;

/** Text <-> bytes conversion of multiaddr component values. */
final class MultiaddrValues {
  private MultiaddrValues() {}

  static byte[] fromText(MultiaddrProtocol p, String text) {
    return switch (p) {
      case IP4 -> ip4(text);
      case IP6 -> Ip6.parse(text);
      case TCP, UDP, DCCP, SCTP -> port(text);
      case P2P -> Multihash.fromBytes(Base58.decode(text)).toBytes();
      default -> {
        if (text.isEmpty() || text.indexOf('/') >= 0 && p != MultiaddrProtocol.IP6ZONE) {
          throw new ProtocolViolationException("invalid /" + p.protocolName() + " value: " + text);
        }
        yield text.getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  static String toText(MultiaddrProtocol p, byte[] value) {
    return switch (p) {
      case IP4 ->
          (value[0] & 0xFF)
              + "."
              + (value[1] & 0xFF)
              + "."
              + (value[2] & 0xFF)
              + "."
              + (value[3] & 0xFF);
      case IP6 -> Ip6.format(value);
      case TCP, UDP, DCCP, SCTP -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
      case P2P -> Base58.encode(value);
      default -> new String(value, StandardCharsets.UTF_8);
    };
  }

  /** Checks a decoded binary value (the size is already known to match). */
  static void validate(MultiaddrProtocol p, byte[] value) {
    if (p == MultiaddrProtocol.P2P) {
      Multihash.fromBytes(value);
    } else if (p.sizeBits() == MultiaddrProtocol.VARIABLE && value.length == 0) {
      throw new ProtocolViolationException("empty /" + p.protocolName() + " value");
    }
  }

  private static byte[] ip4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new ProtocolViolationException("invalid ip4 address: " + text);
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      out[i] = (byte) parseDecimal(parts[i], 255, text);
    }
    return out;
  }

  private static byte[] port(String text) {
    int port = parseDecimal(text, 65535, text);
    return new byte[] {(byte) (port >>> 8), (byte) port};
  }

  private static int parseDecimal(String s, int max, String whole) {
    if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ProtocolViolationException("invalid number '" + s + "' in " + whole);
    }
    int v = Integer.parseInt(s);
    if (v > max) {
      throw new ProtocolViolationException("number " + v + " exceeds " + max + " in " + whole);
    }
    return v;
  }
}
