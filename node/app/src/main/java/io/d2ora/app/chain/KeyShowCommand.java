package io.d2ora.app.chain;

import io.d2ora.app.cli.UserException;
import io.d2ora.chain.signing.ChainKey;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code d2ora key show}: decrypts a keystore (proving the password) and prints its address. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Decrypt a keystore and print its address.")
public final class KeyShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    if (chain.keystore == null) {
      throw new UserException("pass --keystore FILE");
    }
    ChainKey key = chain.key();
    Output.print(
        spec,
        json,
        Map.of("address", key.address().hex(), "keystore", chain.keystore.toString()),
        key.address().toString());
    return 0;
  }
}
