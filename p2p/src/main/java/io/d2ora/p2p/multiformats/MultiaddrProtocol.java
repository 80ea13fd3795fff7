package io.d2ora.p2p.multiformats;

import java.util.HashMap;
import java.util.Map;

/**
 * The multiaddr protocols this module understands, with their multicodec and value size
 * (https://github.com/multiformats/multiaddr/blob/master/protocols.csv). {@link #VARIABLE} sizes
 * are varint-length-prefixed in binary form.
 */
public enum MultiaddrProtocol {
  IP4(4, 32, "ip4"),
  TCP(6, 16, "tcp"),
  DCCP(33, 16, "dccp"),
  IP6(41, 128, "ip6"),
  IP6ZONE(42, MultiaddrProtocol.VARIABLE, "ip6zone"),
  DNS(53, MultiaddrProtocol.VARIABLE, "dns"),
  DNS4(54, MultiaddrProtocol.VARIABLE, "dns4"),
  DNS6(55, MultiaddrProtocol.VARIABLE, "dns6"),
  DNSADDR(56, MultiaddrProtocol.VARIABLE, "dnsaddr"),
  SCTP(132, 16, "sctp"),
  UDP(273, 16, "udp"),
  P2P_CIRCUIT(290, 0, "p2p-circuit"),
  UDT(301, 0, "udt"),
  UTP(302, 0, "utp"),
  P2P(421, MultiaddrProtocol.VARIABLE, "p2p"),
  HTTPS(443, 0, "https"),
  TLS(448, 0, "tls"),
  NOISE(454, 0, "noise"),
  QUIC(460, 0, "quic"),
  QUIC_V1(461, 0, "quic-v1"),
  WEBTRANSPORT(465, 0, "webtransport"),
  WS(477, 0, "ws"),
  WSS(478, 0, "wss"),
  HTTP(480, 0, "http");

  /** Marker for length-prefixed values. */
  public static final int VARIABLE = -1;

  private static final Map<Integer, MultiaddrProtocol> BY_CODE = new HashMap<>();
  private static final Map<String, MultiaddrProtocol> BY_NAME = new HashMap<>();

  static {
    for (MultiaddrProtocol p : values()) {
      BY_CODE.put(p.code, p);
      BY_NAME.put(p.protocolName, p);
    }
    BY_NAME.put("ipfs", P2P); // legacy alias, printed as /p2p
  }

  private final int code;
  private final int sizeBits;
  private final String protocolName;

  MultiaddrProtocol(int code, int sizeBits, String protocolName) {
    this.code = code;
    this.sizeBits = sizeBits;
    this.protocolName = protocolName;
  }

  public int code() {
    return code;
  }

  /** Value size in bits, 0 for none, {@link #VARIABLE} for length-prefixed. */
  public int sizeBits() {
    return sizeBits;
  }

  public String protocolName() {
    return protocolName;
  }

  static MultiaddrProtocol byCode(long code) {
    return code > Integer.MAX_VALUE ? null : BY_CODE.get((int) code);
  }

  static MultiaddrProtocol byName(String name) {
    return BY_NAME.get(name);
  }
}
