package io.d2ora.app.p2p;

import io.d2ora.app.cli.UserException;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code p2p subscribe} and {@code p2p publish}: identity, listen address, peers.
 */
final class PubSubNodeOptions {

  @Option(
      names = "--p2p-listen",
      description = "Multiaddr to listen on (default: ${DEFAULT-VALUE}).",
      defaultValue = P2PConfig.DEFAULT_LISTEN_ADDRESS)
  String listen;

  @Option(
      names = "--p2p-peer",
      description = "Peer to connect to, /ip4/.../tcp/.../p2p/<id>; repeatable.")
  List<String> peers = new ArrayList<>();

  @Mixin P2PKeyOptions key;

  PrivateKey identity() {
    return key.load();
  }

  Multiaddr listenAddress() {
    return parse(listen, "--p2p-listen");
  }

  List<Multiaddr> peerAddresses() {
    return peers.stream().map(p -> parse(p, "--p2p-peer")).toList();
  }

  private static Multiaddr parse(String text, String option) {
    try {
      return Multiaddr.parse(text);
    } catch (RuntimeException e) {
      throw new UserException(
          option + ": not a multiaddr: '" + text + "' (" + e.getMessage() + ")");
    }
  }
}
