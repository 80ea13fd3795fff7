package io.d2ora.app.p2p;

import io.d2ora.app.cli.UserException;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.identity.KeyFiles;
import io.d2ora.p2p.identity.KeyType;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by {@code p2p subscribe} and {@code p2p publish}: identity, listen, peers. */
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

  @Option(
      names = "--p2p-key-file",
      description = "Identity key file (created if missing); default: a fresh Ed25519 key.")
  Path keyFile;

  PrivateKey identity() {
    try {
      return keyFile == null
          ? PrivateKey.generateEd25519()
          : KeyFiles.loadOrCreate(keyFile, KeyType.ED25519);
    } catch (RuntimeException e) {
      throw new UserException("cannot use key file " + keyFile + ": " + e.getMessage(), e);
    }
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
