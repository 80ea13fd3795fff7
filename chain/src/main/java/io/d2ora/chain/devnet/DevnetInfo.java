package io.d2ora.chain.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.ChainConfigException;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.signing.ChainKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A local devnet as {@code scripts/devnet.sh} (or the test fixture) describes it in JSON:
 *
 * <pre>
 * {"chainId": 31337, "rpcUrl": "http://127.0.0.1:8545", "registryAddress": "0x..", "stakeTokenAddress": "0x..",
 *  "unbondingDelaySeconds": 60, "accountPrivateKeys": ["0x..", ...]}
 * </pre>
 *
 * The account keys are Hardhat's public test keys: a devnet convenience, never for real value.
 */
public record DevnetInfo(
    long chainId,
    String rpcUrl,
    String registryAddress,
    String stakeTokenAddress,
    long unbondingDelaySeconds,
    List<String> accountPrivateKeys) {
  public static final Path DEFAULT_FILE = Path.of(".d2ora", "devnet.json");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public DevnetInfo {
    accountPrivateKeys = List.copyOf(accountPrivateKeys == null ? List.of() : accountPrivateKeys);
  }

  public static DevnetInfo read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ChainConfigException(
          "devnet file " + file + " does not exist: start a devnet with scripts/devnet.sh");
    }
    try {
      DevnetInfo info = JSON.readValue(file.toFile(), DevnetInfo.class);
      info.config();
      return info;
    } catch (IOException | IllegalArgumentException e) {
      throw new ChainConfigException("cannot read devnet file " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new ChainConfigException("cannot write devnet file " + file + ": " + e.getMessage(), e);
    }
  }

  public ChainConfig config() {
    return ChainConfig.of(URI.create(rpcUrl), EthAddress.of(registryAddress), chainId);
  }

  public ChainKey account(int index) {
    if (index < 0 || index >= accountPrivateKeys.size()) {
      throw new ChainConfigException(
          "devnet account %d does not exist (the devnet has %d)"
              .formatted(index, accountPrivateKeys.size()));
    }
    return ChainKey.fromPrivateKeyHex(accountPrivateKeys.get(index));
  }
}
