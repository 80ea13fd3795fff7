package io.d2ora.app.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where to read the chain, fetch updates and keep them; shared by the verify commands. */
final class VerifyOptions {
  static final String DEFAULT_DATA_DIR = ".d2ora/verify";
  static final String DEFAULT_FETCH_SECONDS = "20";

  @Option(names = "--chain-rpc-url", description = "JSON-RPC endpoint (env D2ORA_CHAIN_RPC_URL)")
  String chainRpcUrl;

  @Option(
      names = "--chain-id",
      description = "expected chain id (env D2ORA_CHAIN_ID; default 31337)")
  Long chainId;

  @Option(names = "--chain-registry", description = "registry address (env D2ORA_CHAIN_REGISTRY)")
  String chainRegistry;

  @Option(
      names = "--round-config",
      required = true,
      description = "the round config file the round names by hash (gives the strategy)")
  Path roundConfig;

  @Option(
      names = "--base-model",
      description =
          "base model name or directory the round fine-tunes (default: the round config's"
              + " base_model)")
  String baseModel;

  @Option(
      names = "--data-dir",
      description =
          "local store to read updates from first (a node's data dir works; default "
              + DEFAULT_DATA_DIR
              + ")")
  Path dataDir;

  @Option(names = "--p2p-bootstrap", description = "peer to fetch from (multiaddr); repeatable")
  List<String> p2pBootstrap = new ArrayList<>();

  @Option(
      names = "--fetch-timeout-seconds",
      defaultValue = DEFAULT_FETCH_SECONDS,
      description = "per update fetch (default ${DEFAULT-VALUE})")
  long fetchTimeoutSeconds;

  @Option(names = "--json", description = "print the report as one JSON object")
  boolean json;
}
