package io.d2ora.p2p.multiformats;

import io.d2ora.p2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A self-describing network address (https://github.com/multiformats/multiaddr), immutable.
 *
 * <pre>
 * text:   /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...
 * binary: ( varint protocol code | value )+
 *         value = fixed size (ip4 4 bytes, ip6 16, tcp/udp 2 big-endian)
 *               | varint length | bytes     (dns*, p2p = multihash bytes, ...)
 *               | nothing                   (quic-v1, ws, p2p-circuit, ...)
 * </pre>
 */
public final class Multiaddr {
  /** Longest binary form accepted from the wire. */
  public static final int MAX_BYTES = 1024;

  private final List<Component> components;

  private Multiaddr(List<Component> components) {
    this.components = List.copyOf(components);
  }

  /** One {@code /protocol/value} element; {@code value} is the binary form (not copied). */
  public record Component(MultiaddrProtocol protocol, byte[] value) {
    public String valueText() {
      return MultiaddrValues.toText(protocol, value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Component c && c.protocol == protocol && Arrays.equals(c.value, value);
    }

    @Override
    public int hashCode() {
      return protocol.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return protocol.sizeBits() == 0
          ? "/" + protocol.protocolName()
          : "/" + protocol.protocolName() + "/" + valueText();
    }
  }

  /**
   * Parses the text form.
   *
   * @throws ProtocolViolationException for unknown protocols or invalid values
   */
  public static Multiaddr parse(String text) {
    if (text.length() > 4 * MAX_BYTES || !text.startsWith("/")) {
      throw new ProtocolViolationException("multiaddr must start with '/': " + text);
    }
    String[] parts = text.substring(1).split("/", -1);
    List<Component> out = new ArrayList<>();
    int i = 0;
    while (i < parts.length) {
      if (parts[i].isEmpty() && i == parts.length - 1 && i > 0) {
        break; // tolerate one trailing slash
      }
      MultiaddrProtocol p = MultiaddrProtocol.byName(parts[i]);
      if (p == null) {
        throw new ProtocolViolationException(
            "unknown multiaddr protocol '" + parts[i] + "' in " + text);
      }
      i++;
      if (p.sizeBits() == 0) {
        out.add(new Component(p, new byte[0]));
        continue;
      }
      if (i >= parts.length) {
        throw new ProtocolViolationException(
            "missing value for /" + p.protocolName() + " in " + text);
      }
      out.add(new Component(p, MultiaddrValues.fromText(p, parts[i++])));
    }
    if (out.isEmpty()) {
      throw new ProtocolViolationException("empty multiaddr");
    }
    return new Multiaddr(out);
  }

  /**
   * Decodes the binary form.
   *
   * @throws ProtocolViolationException on unknown codes, truncation or over-long input
   */
  public static Multiaddr fromBytes(byte[] bytes) {
    if (bytes.length == 0 || bytes.length > MAX_BYTES) {
      throw new ProtocolViolationException(
          "multiaddr of " + bytes.length + " bytes, expected 1.." + MAX_BYTES);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    List<Component> out = new ArrayList<>();
    while (in.hasRemaining()) {
      long code = Varint.read(in);
      MultiaddrProtocol p = MultiaddrProtocol.byCode(code);
      if (p == null) {
        throw new ProtocolViolationException("unknown multiaddr protocol code " + code);
      }
      int size =
          p.sizeBits() == MultiaddrProtocol.VARIABLE
              ? Varint.readLength(in, in.remaining())
              : p.sizeBits() / 8;
      if (size > in.remaining()) {
        throw new ProtocolViolationException("truncated /" + p.protocolName() + " value");
      }
      byte[] value = new byte[size];
      in.get(value);
      MultiaddrValues.validate(p, value);
      out.add(new Component(p, value));
    }
    return new Multiaddr(out);
  }

  /** {@code /ip4|ip6/<address>/tcp/<port>}. */
  public static Multiaddr tcp(InetAddress address, int port) {
    String ip = address.getAddress().length == 4 ? "ip4" : "ip6";
    byte[] ipBytes = address.getAddress();
    return new Multiaddr(
        List.of(
            new Component(
                ip.equals("ip4") ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6, ipBytes),
            new Component(MultiaddrProtocol.TCP, new byte[] {(byte) (port >>> 8), (byte) port})));
  }

  public List<Component> components() {
    return components;
  }

  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component c : components) {
      out.writeBytes(Varint.encode(c.protocol().code()));
      if (c.protocol().sizeBits() == MultiaddrProtocol.VARIABLE) {
        out.writeBytes(Varint.encode(c.value().length));
      }
      out.writeBytes(c.value());
    }
    return out.toByteArray();
  }

  /** Appends {@code other}'s components: {@code /ip4/1.2.3.4/tcp/1} + {@code /p2p/Qm...}. */
  public Multiaddr encapsulate(Multiaddr other) {
    List<Component> all = new ArrayList<>(components);
    all.addAll(other.components);
    return new Multiaddr(all);
  }

  public Multiaddr encapsulate(String other) {
    return encapsulate(parse(other));
  }

  /** The value text of the first component of protocol {@code p}, if present. */
  public Optional<String> valueOf(MultiaddrProtocol p) {
    return components.stream().filter(c -> c.protocol() == p).findFirst().map(Component::valueText);
  }

  /** The address without a trailing {@code /p2p/<id>}. */
  public Multiaddr withoutP2P() {
    List<Component> kept = new ArrayList<>(components);
    kept.removeIf(c -> c.protocol() == MultiaddrProtocol.P2P);
    return kept.isEmpty() ? this : new Multiaddr(kept);
  }

  /**
   * The TCP endpoint of an {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>} address, unresolved for
   * DNS names.
   */
  public Optional<InetSocketAddress> tcpSocketAddress() {
    if (components.size() < 2 || components.get(1).protocol() != MultiaddrProtocol.TCP) {
      return Optional.empty();
    }
    Component host = components.get(0);
    int port = Integer.parseInt(components.get(1).valueText());
    try {
      return switch (host.protocol()) {
        case IP4, IP6 ->
            Optional.of(new InetSocketAddress(InetAddress.getByAddress(host.value()), port));
        case DNS, DNS4, DNS6 ->
            Optional.of(InetSocketAddress.createUnresolved(host.valueText(), port));
        default -> Optional.empty();
      };
    } catch (java.net.UnknownHostException e) {
      return Optional.empty(); // unreachable: getByAddress with 4 or 16 bytes never throws
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr m && m.components.equals(components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    components.forEach(sb::append);
    return sb.toString();
  }
}
