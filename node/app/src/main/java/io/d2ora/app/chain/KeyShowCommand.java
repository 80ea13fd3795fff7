package io.d2ora.app.chain;

import io.d2ora.app.cli.UserException;
import io.d2ora.chain.signing.ChainKey;
import io.d2ora.chain.signing.Keystores;
import java.nio.file.Path;
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
    ChainSettings settings = chain.settings();
    Path file =
        settings.keystore().orElseThrow(() -> new UserException("pass --chain-keystore FILE"));
    ChainKey key = Chain.call(() -> Keystores.read(file, settings.keystorePassword()));
    Output.print(
        spec,
        json,
        Map.of("address", key.address().hex(), "keystore", file.toString()),
        key.address().toString());
    return 0;
  }
}
