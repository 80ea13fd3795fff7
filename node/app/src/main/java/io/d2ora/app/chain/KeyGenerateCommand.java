package io.d2ora.app.chain;

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

/**
 * {@code d2ora key generate}: writes a new (or a devnet test account's) key as an encrypted
 * keystore.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write a new key as an encrypted keystore file and print its address.")
public final class KeyGenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Option(
      names = "--keystore-dir",
      defaultValue = ".d2ora/keys",
      description = "Directory for the keystore file (default ${DEFAULT-VALUE}).")
  Path directory;

  @Option(
      names = "--key-strength",
      defaultValue = "STANDARD",
      description = "Encryption cost: ${COMPLETION-CANDIDATES} (LIGHT only for throwaway keys).")
  Keystores.Strength strength;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    ChainSettings settings = chain.settings();
    ChainKey key = settings.hasDevnetAccount() ? settings.key() : ChainKey.generate();
    String password = settings.keystorePassword();
    Path file = Chain.call(() -> Keystores.write(directory, key, password, strength));
    Output.print(
        spec,
        json,
        Map.of("address", key.address().hex(), "keystore", file.toString()),
        key.address() + "\nkeystore: " + file);
    return 0;
  }
}
