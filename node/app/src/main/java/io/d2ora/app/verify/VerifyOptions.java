package io.d2ora.app.verify;

import io.d2ora.app.chain.ChainOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where to read the chain, fetch updates and keep them; shared by the verify commands. */
final class VerifyOptions {
  /** The chain, read without a key. */
  @Mixin ChainOptions chain;

  static final String DEFAULT_DATA_DIR = ".d2ora/verify";
  static final String DEFAULT_FETCH_SECONDS = "20";

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
