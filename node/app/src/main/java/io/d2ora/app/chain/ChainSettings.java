package io.d2ora.app.chain;

import io.d2ora.app.cli.Settings;
import io.d2ora.app.cli.UserException;
import io.d2ora.app.cli.UserFiles;
import io.d2ora.app.ledger.ChainRoundLedger;
import io.d2ora.app.ledger.ChainRoundReader;
import io.d2ora.chain.ChainClient;
import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.devnet.DevnetInfo;
import io.d2ora.chain.retry.ChainCallListener;
import io.d2ora.chain.retry.RetryPolicy;
import io.d2ora.chain.retry.RetryingChainClient;
import io.d2ora.chain.retry.RetryingChainReader;
import io.d2ora.chain.signing.ChainKey;
import io.d2ora.chain.signing.Keystores;
import io.d2ora.chain.web3j.Web3jChainClient;
import io.d2ora.chain.web3j.Web3jChainReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the chain is and who signs, resolved the same way for every command that talks to the chain
 * ({@code round}, {@code stake}, {@code key}, {@code node run}, {@code verify}). Each setting is a
 * kebab-case key read as flag {@code --KEY}, environment variable {@code D2ORA_KEY} or (for {@code
 * node run}) config-file key {@code "KEY"}, in that order (see {@link Settings}); what they leave
 * unset comes from the devnet file, then the default:
 *
 * <ul>
 *   <li>{@code chain-rpc-url}: the JSON-RPC endpoint; else the devnet file's, else {@link
 *       #DEFAULT_RPC_URL}.
 *   <li>{@code chain-registry}: the registry's address; else the devnet file's, else an error.
 *   <li>{@code chain-id}: the chain id the endpoint must report; else any (the id is always read
 *       from the node with {@code eth_chainId}, never assumed).
 *   <li>{@code chain-devnet-file}: what scripts/devnet.sh wrote; else {@code .d2ora/devnet.json}
 *       when it exists.
 *   <li>The signing key, one of: {@code chain-keystore} (password from {@code
 *       chain-key-password-file} or {@code D2ORA_CHAIN_KEY_PASSWORD}), {@code chain-key-file} (0x +
 *       64 hex digits), {@code D2ORA_CHAIN_PRIVATE_KEY} (no flag: a command line is visible to
 *       other users), {@code chain-devnet-account} (a devnet test account). Reading needs none.
 *   <li>{@code chain-confirmations}: blocks a transaction's block needs on top before it counts,
 *       and that snapshots stay behind the latest block; else {@link
 *       ChainConfig#DEFAULT_CONFIRMATIONS}.
 * </ul>
 *
 * Connection failures and bad values become {@link UserException}s (exit 2) that say what to fix.
 */
public final class ChainSettings {
  public static final String DEFAULT_RPC_URL = "http://127.0.0.1:8545";

  /** The ways to give the signing key; at most one may be set. */
  private static final List<String> KEY_SOURCES =
      List.of("chain-keystore", "chain-key-file", "chain-private-key", "chain-devnet-account");

  /** A command's patience with an outage (a node uses the retrying clients' longer defaults). */
  private static final int COMMAND_ATTEMPTS = 3;

  private static final Duration RETRY_FIRST = Duration.ofMillis(200);
  private static final Duration RETRY_MAX = Duration.ofSeconds(1);

  private final Settings settings;
  private final Optional<Path> devnetFile;
  private Optional<DevnetInfo> devnet;
  private ChainKey key;

  private ChainSettings(Settings settings) {
    this.settings = settings;
    this.devnetFile = settings.string("chain-devnet-file").map(Path::of);
  }

  /** Reads the chain settings from {@code settings}; values are checked when first used. */
  public static ChainSettings resolve(Settings settings) {
    return new ChainSettings(settings);
  }

  public URI rpcUrl() {
    String url =
        settings
            .string("chain-rpc-url")
            .or(() -> devnet().map(DevnetInfo::rpcUrl))
            .orElse(DEFAULT_RPC_URL);
    try {
      URI uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new UserException("--chain-rpc-url: expected an http(s) URL, got '" + url + "'", e);
    }
  }

  public EthAddress registry() {
    String address =
        settings
            .string("chain-registry")
            .or(() -> devnet().map(DevnetInfo::registryAddress))
            .orElseThrow(
                () ->
                    new UserException(
                        "no chain configured: pass --chain-registry ADDRESS (and --chain-rpc-url"
                            + " URL), set D2ORA_CHAIN_REGISTRY, or start a devnet with"
                            + " scripts/devnet.sh (it writes "
                            + defaultDevnetFile()
                            + ")"));
    try {
      return EthAddress.of(address);
    } catch (IllegalArgumentException e) {
      throw new UserException("--chain-registry: " + e.getMessage(), e);
    }
  }

  /** The chain id the node must report, or 0 for any. */
  public long expectedChainId() {
    long id = settings.number("chain-id", 0);
    if (id < 0) {
      throw new UserException("--chain-id: expected a positive chain id, got " + id);
    }
    return id;
  }

  /** Blocks on top of a transaction or a snapshot's block before they count; 0 on a devnet. */
  public int confirmations() {
    long n = settings.number("chain-confirmations", ChainConfig.DEFAULT_CONFIRMATIONS);
    if (n < 0 || n > 1000) {
      throw new UserException("--chain-confirmations: expected 0..1000 blocks, got " + n);
    }
    return (int) n;
  }

  /** Where and how patiently to reach the registry; events are polled every {@code poll}. */
  public ChainConfig config(Duration poll) {
    return ChainConfig.of(rpcUrl(), registry(), expectedChainId())
        .withEventPollInterval(poll)
        .withConfirmations(confirmations());
  }

  /** Reads the registry without a key; a command gives up on an outage after a few seconds. */
  public ChainReader reader() {
    ChainConfig config = config(ChainConfig.DEFAULT_EVENT_POLL_INTERVAL);
    return Chain.call(
        () ->
            new RetryingChainReader(
                Web3jChainReader.connect(config), COMMAND_ATTEMPTS, RETRY_FIRST, RETRY_MAX));
  }

  /** Connects as {@link #key()}; a command gives up on an outage after a few seconds. */
  public ChainClient client() {
    ChainKey signer = key();
    ChainConfig config = config(ChainConfig.DEFAULT_EVENT_POLL_INTERVAL);
    return Chain.call(
        () ->
            new RetryingChainClient(
                Web3jChainClient.connect(config, signer),
                COMMAND_ATTEMPTS,
                RETRY_FIRST,
                RETRY_MAX));
  }

  /** The round port without a key, for verifying; rides out outages like a node. */
  public ChainRoundReader roundReader(Duration poll) {
    ChainConfig config = config(poll);
    return Chain.call(
        () -> new ChainRoundReader(new RetryingChainReader(Web3jChainReader.connect(config))));
  }

  /** The round port signing as {@link #key()}, for a node; rides out outages. */
  public ChainRoundLedger roundLedger(Duration poll) {
    return roundLedger(poll, ChainCallListener.NONE);
  }

  /** {@link #roundLedger(Duration)} reporting every chain call attempt to {@code calls}. */
  public ChainRoundLedger roundLedger(Duration poll, ChainCallListener calls) {
    ChainKey signer = key();
    ChainConfig config = config(poll);
    return Chain.call(
        () ->
            new ChainRoundLedger(
                new RetryingChainClient(
                    Web3jChainClient.connect(config, signer),
                    RetryPolicy.DEFAULT.withListener(calls)),
                signer));
  }

  /** Whether a signing key is configured (reading it may still fail). */
  public boolean hasKey() {
    return KEY_SOURCES.stream().anyMatch(k -> settings.string(k).isPresent());
  }

  /** Whether the key is a devnet test account. */
  public boolean hasDevnetAccount() {
    return settings.string("chain-devnet-account").isPresent();
  }

  /** The keystore file named by {@code chain-keystore}, if any. */
  public Optional<Path> keystore() {
    return settings.string("chain-keystore").map(Path::of);
  }

  /** The signing key, read once; a {@link UserException} says how to give one when none is set. */
  public ChainKey key() {
    if (key == null) {
      key = readKey();
    }
    return key;
  }

  private ChainKey readKey() {
    List<String> given = KEY_SOURCES.stream().filter(k -> settings.string(k).isPresent()).toList();
    if (given.size() > 1) {
      throw new UserException(
          "give one signing key, got "
              + given.stream().map(ChainSettings::source).collect(Collectors.joining(" and ")));
    }
    if (given.isEmpty()) {
      throw new UserException(
          "this command signs transactions: pass --chain-keystore FILE (see `d2ora key"
              + " generate`) or --chain-key-file FILE, set D2ORA_CHAIN_PRIVATE_KEY, or on a devnet"
              + " pass --chain-devnet-account N");
    }
    String source = given.get(0);
    String value = settings.string(source).orElseThrow();
    return switch (source) {
      case "chain-keystore" -> Chain.call(() -> Keystores.read(Path.of(value), keystorePassword()));
      case "chain-key-file" ->
          privateKey(UserFiles.readString(Path.of(value), "key file").strip(), "key file " + value);
      case "chain-private-key" -> privateKey(value.strip(), "D2ORA_CHAIN_PRIVATE_KEY");
      default -> devnetAccount(value);
    };
  }

  private static String source(String key) {
    return key.equals("chain-private-key") ? "D2ORA_CHAIN_PRIVATE_KEY" : "--" + key;
  }

  private static ChainKey privateKey(String hex, String source) {
    if (!hex.matches("0x[0-9a-fA-F]{64}")) {
      // The length only: the value may be a mistyped secret.
      throw new UserException(
          source + ": an account key is 0x + 64 hex digits; got " + hex.length() + " characters");
    }
    return ChainKey.fromPrivateKeyHex(hex);
  }

  private ChainKey devnetAccount(String index) {
    int n;
    try {
      n = Integer.parseInt(index.strip());
    } catch (NumberFormatException e) {
      throw new UserException("--chain-devnet-account: expected an account number, got " + index);
    }
    DevnetInfo info =
        devnet()
            .orElseThrow(
                () ->
                    new UserException(
                        "--chain-devnet-account needs a devnet: no devnet file at "
                            + defaultDevnetFile()
                            + " (start one with scripts/devnet.sh or pass --chain-devnet-file)"));
    return Chain.call(() -> info.account(n));
  }

  /** The keystore password: {@code chain-key-password-file}, else D2ORA_CHAIN_KEY_PASSWORD. */
  public String keystorePassword() {
    Optional<String> file = settings.string("chain-key-password-file");
    if (file.isPresent()) {
      return UserFiles.readString(Path.of(file.get()), "password file").strip();
    }
    return settings
        .string("chain-key-password")
        .orElseThrow(
            () ->
                new UserException(
                    "no keystore password: pass --chain-key-password-file FILE or set"
                        + " D2ORA_CHAIN_KEY_PASSWORD"));
  }

  /** The devnet file named, or the default one when it exists; read once. */
  private Optional<DevnetInfo> devnet() {
    if (devnet == null) {
      Optional<Path> file =
          devnetFile.or(() -> Optional.of(defaultDevnetFile()).filter(Files::exists));
      devnet = file.map(f -> Chain.call(() -> DevnetInfo.read(f)));
    }
    return devnet;
  }

  /** Where scripts/devnet.sh writes its file: {@code .d2ora/devnet.json} under the project. */
  public static Path defaultDevnetFile() {
    String home = System.getProperty("d2ora.home");
    return home == null ? DevnetInfo.DEFAULT_FILE : Path.of(home).resolve(DevnetInfo.DEFAULT_FILE);
  }

  @Override
  public String toString() {
    return "chain at "
        + settings.string("chain-rpc-url").orElse("(devnet file or " + DEFAULT_RPC_URL + ")")
        + ", registry "
        + settings.string("chain-registry").orElse("(devnet file)");
  }
}
