package io.d2ora.app.chain;

import io.d2ora.app.cli.UserException;
import io.d2ora.chain.ChainClient;
import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.devnet.DevnetInfo;
import io.d2ora.chain.retry.RetryingChainClient;
import io.d2ora.chain.signing.ChainKey;
import io.d2ora.chain.signing.Keystores;
import io.d2ora.chain.web3j.Web3jChainClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where the chain is and who signs, shared by every chain command. The chain comes from {@code
 * --chain-rpc-url} + {@code --registry-address}, else from the devnet file ({@code --devnet-file},
 * default {@code .d2ora/devnet.json} as written by scripts/devnet.sh). The key comes from {@code
 * --keystore} (password from {@code --key-password-file} or {@code D2ORA_KEY_PASSWORD}) or, on a
 * devnet, {@code --devnet-account}.
 */
public final class ChainOptions {
  @Option(
      names = "--chain-rpc-url",
      defaultValue = "${env:D2ORA_CHAIN_RPC_URL}",
      description = "JSON-RPC URL of the chain node (env D2ORA_CHAIN_RPC_URL).")
  URI rpcUrl;

  @Option(
      names = "--registry-address",
      defaultValue = "${env:D2ORA_REGISTRY_ADDRESS}",
      description = "Address of the D2ORA registry contract (env D2ORA_REGISTRY_ADDRESS).")
  String registryAddress;

  @Option(
      names = "--chain-id",
      defaultValue = "${env:D2ORA_CHAIN_ID}",
      description = "Expected chain id; connecting to another chain fails (default: accept any).")
  Long chainId;

  @Option(
      names = "--devnet-file",
      defaultValue = "${env:D2ORA_DEVNET_FILE}",
      description = "Devnet description written by scripts/devnet.sh (default .d2ora/devnet.json).")
  Path devnetFile;

  @Option(names = "--keystore", description = "Encrypted key file (from `d2ora key generate`).")
  Path keystore;

  @Option(
      names = "--key-password-file",
      description = "File holding the keystore password (else env D2ORA_KEY_PASSWORD).")
  Path passwordFile;

  @Option(
      names = "--devnet-account",
      description = "Sign with the devnet's test account N instead of a keystore (devnets only).")
  Integer devnetAccount;

  /** Connects as the configured key; {@code needKey} false allows read-only use without a key. */
  ChainClient connect(boolean needKey) {
    ChainConfig config = config();
    ChainKey key =
        needKey || keystore != null || devnetAccount != null ? key() : ChainKey.generate();
    return Chain.call(
        () ->
            new RetryingChainClient(
                Web3jChainClient.connect(config, key),
                3,
                Duration.ofMillis(200),
                Duration.ofSeconds(1)));
  }

  ChainConfig config() {
    if (rpcUrl != null || registryAddress != null) {
      if (rpcUrl == null || registryAddress == null) {
        throw new UserException("--chain-rpc-url and --registry-address go together; got only one");
      }
      try {
        return ChainConfig.of(
            rpcUrl, EthAddress.of(registryAddress), chainId == null ? 0 : chainId);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), e);
      }
    }
    return Chain.call(() -> devnet().config());
  }

  DevnetInfo devnet() {
    Path file = devnetFile;
    if (file == null) {
      file = defaultDevnetFile();
      if (!Files.exists(file)) {
        throw new UserException(
            "no chain configured: pass --chain-rpc-url and --registry-address, or"
                + " --devnet-file (scripts/devnet.sh writes "
                + file
                + ")");
      }
    }
    Path resolved = file;
    return Chain.call(() -> DevnetInfo.read(resolved));
  }

  ChainKey key() {
    if (devnetAccount != null) {
      return Chain.call(() -> devnet().account(devnetAccount));
    }
    if (keystore == null) {
      throw new UserException(
          "this command signs transactions: pass --keystore (see `d2ora key"
              + " generate`) or, on a devnet, --devnet-account N");
    }
    return Chain.call(() -> Keystores.read(keystore, password(passwordFile)));
  }

  static String password(Path passwordFile) {
    if (passwordFile != null) {
      try {
        return Files.readString(passwordFile).strip();
      } catch (IOException e) {
        throw new UserException(
            "cannot read the password file " + passwordFile + ": " + e.getMessage(), e);
      }
    }
    String env = System.getenv("D2ORA_KEY_PASSWORD");
    if (env == null) {
      throw new UserException(
          "no keystore password: pass --key-password-file or set D2ORA_KEY_PASSWORD");
    }
    return env;
  }

  static Path defaultDevnetFile() {
    String home = System.getProperty("d2ora.home");
    return home == null ? DevnetInfo.DEFAULT_FILE : Path.of(home).resolve(DevnetInfo.DEFAULT_FILE);
  }
}
