package io.d2ora.app.chain;

import io.d2ora.app.cli.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The chain flags, the same for every command that talks to the chain; each has an environment
 * variable {@code D2ORA_<FLAG>} ({@code --chain-rpc-url}: {@code D2ORA_CHAIN_RPC_URL}). {@link
 * ChainSettings} resolves them.
 */
public final class ChainOptions {
  @Option(
      names = "--chain-rpc-url",
      paramLabel = "URL",
      description =
          "JSON-RPC endpoint of the chain node (default: the devnet file's, else "
              + ChainSettings.DEFAULT_RPC_URL
              + ").")
  String rpcUrl;

  @Option(
      names = "--chain-registry",
      paramLabel = "ADDRESS",
      description = "Address of the D2ORA registry contract (default: the devnet file's).")
  String registry;

  @Option(
      names = "--chain-id",
      paramLabel = "ID",
      description = "Expected chain id; another chain is refused (default: the node's).")
  Long chainId;

  @Option(
      names = "--chain-confirmations",
      paramLabel = "N",
      description = "Blocks on top of a transaction's block before it counts (default 0).")
  Integer confirmations;

  @Option(
      names = "--chain-devnet-file",
      paramLabel = "FILE",
      description = "Devnet description written by scripts/devnet.sh (default .d2ora/devnet.json).")
  Path devnetFile;

  @Option(
      names = "--chain-keystore",
      paramLabel = "FILE",
      description = "Sign with this encrypted key file (from `d2ora key generate`).")
  Path keystore;

  @Option(
      names = "--chain-key-password-file",
      paramLabel = "FILE",
      description = "File holding the keystore password (else env D2ORA_CHAIN_KEY_PASSWORD).")
  Path keyPasswordFile;

  @Option(
      names = "--chain-key-file",
      paramLabel = "FILE",
      description = "Sign with the key in FILE (0x + 64 hex; or env D2ORA_CHAIN_PRIVATE_KEY).")
  Path keyFile;

  @Option(
      names = "--chain-devnet-account",
      paramLabel = "N",
      description = "Sign with the devnet's test account N (devnets only).")
  Integer devnetAccount;

  /** Where the D2ORA_* variables come from (tests substitute their own). */
  Map<String, String> environment = System.getenv();

  /**
   * The flags by setting key ({@code chain-rpc-url}), for a {@link Settings}; null where not given.
   */
  public Map<String, Object> flags() {
    Map<String, Object> flags = new HashMap<>();
    flags.put("chain-rpc-url", rpcUrl);
    flags.put("chain-registry", registry);
    flags.put("chain-id", chainId);
    flags.put("chain-confirmations", confirmations);
    flags.put("chain-devnet-file", devnetFile);
    flags.put("chain-keystore", keystore);
    flags.put("chain-key-password-file", keyPasswordFile);
    flags.put("chain-key-file", keyFile);
    flags.put("chain-devnet-account", devnetAccount);
    return flags;
  }

  /** Flags, then the environment (commands without a config file). */
  public ChainSettings settings() {
    return ChainSettings.resolve(new Settings(flags(), environment, Optional.empty()));
  }
}
