package io.d2ora.p2p.transport;

import io.d2ora.p2p.multiformats.Multiaddr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The addresses we listen on, as dialable multiaddrs: a wildcard bind is expanded to the loopback
 * address and then every other IPv4 address of an interface that is up.
 */
final class PeerAddresses {
  private final List<InetSocketAddress> bound = new CopyOnWriteArrayList<>();

  void add(InetSocketAddress address) {
    bound.add(address);
  }

  List<Multiaddr> multiaddrs() {
    List<Multiaddr> out = new ArrayList<>();
    for (InetSocketAddress a : bound) {
      if (a.getAddress().isAnyLocalAddress()) {
        for (InetAddress ip : interfaceAddresses()) {
          out.add(Multiaddr.tcp(ip, a.getPort()));
        }
      } else {
        out.add(Multiaddr.tcp(a.getAddress(), a.getPort()));
      }
    }
    return out;
  }

  private static List<InetAddress> interfaceAddresses() {
    List<InetAddress> out = new ArrayList<>();
    out.add(InetAddress.getLoopbackAddress());
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress ip : Collections.list(nic.getInetAddresses())) {
          if (ip instanceof Inet4Address) {
            out.add(ip);
          }
        }
      }
    } catch (SocketException e) {
      // interfaces cannot be listed: loopback alone still works locally
    }
    return out;
  }
}
