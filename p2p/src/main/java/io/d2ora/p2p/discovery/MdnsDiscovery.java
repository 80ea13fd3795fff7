package io.d2ora.p2p.discovery;

import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libp2p mDNS discovery (github.com/libp2p/specs, discovery/mdns.md, r2): multicasts the query
 * {@code _p2p._udp.local PTR} to 224.0.0.251:5353 every interval and answers such queries (its own
 * included) with {@code _p2p._udp.local PTR <peer-name>._p2p._udp.local} plus, as additional
 * records, {@code <peer-name>._p2p._udp.local TXT "dnsaddr=<multiaddr>/p2p/<id>"} per listen
 * address. {@code peer-name} is a random 32-character label. Found addresses go to {@code onFound}.
 *
 * <p>Multicast leaves the host: tests run it only inside a network namespace of their own.
 */
public final class MdnsDiscovery implements AutoCloseable {
  static final String SERVICE = "_p2p._udp.local";
  private static final Logger LOG = LoggerFactory.getLogger(MdnsDiscovery.class);
  private static final InetSocketAddress GROUP = new InetSocketAddress("224.0.0.251", 5353);
  private static final long TTL_SECONDS = 120;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final P2PNetwork network;
  private final Duration interval;
  private final Consumer<Multiaddr> onFound;
  private final String peerName = randomName();
  private volatile MulticastSocket socket;
  private volatile boolean closed;
  private Thread receiver;
  private Thread querier;

  public MdnsDiscovery(P2PNetwork network, Duration interval, Consumer<Multiaddr> onFound) {
    this.network = network;
    this.interval = interval;
    this.onFound = onFound;
  }

  /** Opens the multicast socket and starts the receive and query threads. */
  public void start() {
    try {
      MulticastSocket s = new MulticastSocket(GROUP.getPort());
      s.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
      for (NetworkInterface nif : multicastInterfaces()) {
        s.joinGroup(GROUP, nif);
      }
      socket = s;
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the mDNS socket on port 5353", e);
    }
    receiver = Thread.ofPlatform().daemon().name("d2ora-mdns-rx").start(this::receiveLoop);
    querier = Thread.ofPlatform().daemon().name("d2ora-mdns-query").start(this::queryLoop);
  }

  @Override
  public void close() {
    closed = true;
    if (socket != null) {
      socket.close();
    }
    if (querier != null) {
      querier.interrupt();
    }
  }

  private void queryLoop() {
    byte[] query = DnsMessage.query(SERVICE, DnsMessage.TYPE_PTR).encode();
    while (!closed) {
      send(query);
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void receiveLoop() {
    byte[] buffer = new byte[DnsMessage.MAX_DATAGRAM];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        handle(DnsMessage.decode(buffer, packet.getLength()));
      } catch (IllegalArgumentException e) {
        LOG.debug(
            "ignoring malformed mDNS packet from {}: {}", packet.getAddress(), e.getMessage());
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("mDNS receive failed", e);
        }
        return;
      }
    }
  }

  void handle(DnsMessage message) {
    if (!message.response()) {
      boolean asked =
          message.questions().stream()
              .anyMatch(q -> q.type() == DnsMessage.TYPE_PTR && q.name().equals(SERVICE));
      if (asked) {
        send(answer().encode());
      }
      return;
    }
    List<DnsMessage.Record> records = new ArrayList<>(message.answers());
    records.addAll(message.additionals());
    for (DnsMessage.Record ptr : records) {
      if (ptr.type() != DnsMessage.TYPE_PTR || !ptr.name().equals(SERVICE)) {
        continue;
      }
      for (DnsMessage.Record txt : records) {
        if (txt.type() == DnsMessage.TYPE_TXT && txt.name().equals(ptr.target())) {
          txt.strings().forEach(this::found);
        }
      }
    }
  }

  private void found(String attribute) {
    if (!attribute.startsWith("dnsaddr=")) {
      return;
    }
    try {
      Multiaddr address = Multiaddr.parse(attribute.substring("dnsaddr=".length()));
      boolean other =
          PeerId.fromMultiaddr(address).map(p -> !p.equals(network.localPeerId())).orElse(false);
      if (other) {
        onFound.accept(address);
      }
    } catch (RuntimeException e) {
      LOG.debug("ignoring bad mDNS dnsaddr '{}': {}", attribute, e.getMessage());
    }
  }

  DnsMessage answer() {
    String instance = peerName + "." + SERVICE;
    List<String> addresses = new ArrayList<>();
    for (Multiaddr address : network.listenAddresses()) {
      addresses.add("dnsaddr=" + network.localPeerId().appendTo(address));
    }
    return new DnsMessage(
        true,
        List.of(),
        List.of(DnsMessage.Record.ptr(SERVICE, instance, TTL_SECONDS)),
        List.of(DnsMessage.Record.txt(instance, addresses, TTL_SECONDS)));
  }

  private void send(byte[] datagram) {
    MulticastSocket s = socket;
    if (s == null || closed) {
      return;
    }
    try {
      s.send(new DatagramPacket(datagram, datagram.length, GROUP));
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("mDNS send failed: {}", e.toString());
      }
    }
  }

  private static List<NetworkInterface> multicastInterfaces() throws SocketException {
    List<NetworkInterface> out = new ArrayList<>();
    for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
      if (nif.isUp() && nif.supportsMulticast()) {
        out.add(nif);
      }
    }
    if (out.isEmpty()) {
      throw new SocketException("no multicast-capable network interface is up");
    }
    return out;
  }

  private static String randomName() {
    SecureRandom random = new SecureRandom();
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return name.toString();
  }
}
