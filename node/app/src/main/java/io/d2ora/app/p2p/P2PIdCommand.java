package io.d2ora.app.p2p;

import io.d2ora.p2p.identity.PrivateKey;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code d2ora p2p id}: prints the peer ID of a key file (creating the key if needed). */
@Command(
    name = "id",
    mixinStandardHelpOptions = true,
    description = "Print the peer ID of a libp2p key.")
public final class P2PIdCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin P2PKeyOptions key;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    PrivateKey k = key.load();
    PrintWriter out = spec.commandLine().getOut();
    String publicKey = HexFormat.of().formatHex(k.publicKey().toProtobuf());
    if (json) {
      out.printf(
          "{\"peerId\":\"%s\",\"keyType\":\"%s\",\"publicKey\":\"%s\"}%n",
          k.peerId(), k.type().name().toLowerCase(java.util.Locale.ROOT), publicKey);
    } else {
      out.println(k.peerId());
    }
    return 0;
  }
}
