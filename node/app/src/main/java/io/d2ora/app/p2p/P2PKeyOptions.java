package io.d2ora.app.p2p;

import io.d2ora.app.cli.UserException;
import io.d2ora.p2p.identity.KeyFiles;
import io.d2ora.p2p.identity.KeyType;
import io.d2ora.p2p.identity.PrivateKey;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Identity options shared by the p2p commands. */
public final class P2PKeyOptions {
  @Option(
      names = "--p2p-key-file",
      description = "libp2p private key file (protobuf); created if missing. Default: a fresh key.")
  Path keyFile;

  @Option(
      names = "--p2p-key-type",
      defaultValue = "ED25519",
      description = "Key type for new keys: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  KeyType keyType;

  /** The key from the file (created if missing) or a fresh one. */
  PrivateKey load() {
    if (keyFile == null) {
      return PrivateKey.generate(keyType);
    }
    try {
      return KeyFiles.loadOrCreate(keyFile, keyType);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new UserException(e.getMessage(), e);
    }
  }
}
