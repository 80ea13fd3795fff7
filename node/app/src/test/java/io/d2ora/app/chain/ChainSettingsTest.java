package io.d2ora.app.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.app.cli.Settings;
import io.d2ora.app.cli.UserException;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.devnet.DevnetInfo;
import io.d2ora.chain.signing.ChainKey;
import io.d2ora.chain.signing.Keystores;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainSettingsTest {
  private static final String KEY = "0x" + "11".repeat(32);
  private static final String DEVNET_KEY = "0x" + "22".repeat(32);
  private static final String REGISTRY = "0x" + "ab".repeat(20);
  @TempDir Path dir;
  private Path devnetFile;

  @BeforeEach
  void writeDevnetFile() {
    devnetFile = dir.resolve("devnet.json");
    new DevnetInfo(
            31337,
            "http://127.0.0.1:9545",
            "0x" + "cd".repeat(20),
            "0x" + "ef".repeat(20),
            60,
            List.of(DEVNET_KEY))
        .write(devnetFile);
  }

  private static ChainSettings resolve(
      Map<String, Object> flags, Map<String, String> env, Optional<Path> configFile) {
    return ChainSettings.resolve(new Settings(flags, env, configFile));
  }

  private ChainSettings withDevnet(Map<String, Object> flags, Map<String, String> env) {
    Map<String, Object> all = new HashMap<>(flags);
    all.put("chain-devnet-file", devnetFile.toString());
    return resolve(all, env, Optional.empty());
  }

  @Test
  void shouldPreferFlagOverEnvironmentOverConfigFileOverDevnetFile() throws Exception {
    Path config =
        Files.writeString(dir.resolve("node.json"), "{\"chain-rpc-url\": \"http://file\"}");
    Map<String, String> env = Map.of("D2ORA_CHAIN_RPC_URL", "http://env");
    Map<String, Object> flags =
        Map.of("chain-rpc-url", "http://flag", "chain-devnet-file", devnetFile.toString());

    assertThat(resolve(flags, env, Optional.of(config)).rpcUrl()).hasToString("http://flag");
    assertThat(withDevnet(Map.of(), env).rpcUrl()).hasToString("http://env");
    assertThat(
            resolve(
                    Map.of("chain-devnet-file", devnetFile.toString()),
                    Map.of(),
                    Optional.of(config))
                .rpcUrl())
        .hasToString("http://file");
    assertThat(withDevnet(Map.of(), Map.of()).rpcUrl()).hasToString("http://127.0.0.1:9545");
    assertThat(withDevnet(Map.of(), Map.of()).registry())
        .isEqualTo(EthAddress.of("0x" + "cd".repeat(20)));
  }

  @Test
  void shouldFallBackToTheDefaultEndpointWhenOnlyTheRegistryIsGiven() {
    ChainSettings s = resolve(Map.of(), Map.of("D2ORA_CHAIN_REGISTRY", REGISTRY), Optional.empty());

    assertThat(s.rpcUrl()).isEqualTo(URI.create(ChainSettings.DEFAULT_RPC_URL));
    assertThat(s.registry()).isEqualTo(EthAddress.of(REGISTRY));
  }

  @Test
  void shouldTakeTheChainIdFromTheNodeUnlessOneIsGiven() {
    assertThat(withDevnet(Map.of(), Map.of()).expectedChainId())
        .as("the devnet file's id is not assumed either")
        .isZero();
    assertThat(withDevnet(Map.of("chain-id", 5L), Map.of()).expectedChainId()).isEqualTo(5);
    assertThatThrownBy(
            () -> withDevnet(Map.of(), Map.of("D2ORA_CHAIN_ID", "mainnet")).expectedChainId())
        .isInstanceOf(UserException.class)
        .hasMessage("chain-id: expected a whole number, got 'mainnet'");
  }

  @Test
  void shouldNameTheFlagOfABadAddressOrUrl() {
    assertThatThrownBy(() -> withDevnet(Map.of("chain-registry", "0x1234"), Map.of()).registry())
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("--chain-registry: expected an address of 20 bytes");
    assertThatThrownBy(
            () -> withDevnet(Map.of("chain-rpc-url", "127.0.0.1:8545"), Map.of()).rpcUrl())
        .isInstanceOf(UserException.class)
        .hasMessage("--chain-rpc-url: expected an http(s) URL, got '127.0.0.1:8545'");
  }

  @Test
  void shouldSayHowToConfigureAChainWhenNoneIsGiven() {
    Path missing = dir.resolve("no-devnet.json");
    assertThatThrownBy(
            () ->
                resolve(Map.of("chain-devnet-file", missing.toString()), Map.of(), Optional.empty())
                    .registry())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("devnet file " + missing + " does not exist")
        .hasMessageContaining("scripts/devnet.sh");
  }

  @Test
  void shouldReadEachKindOfKey() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("k"), KEY + "\n");
    Path keystore =
        Keystores.write(dir, ChainKey.fromPrivateKeyHex(KEY), "pw", Keystores.Strength.LIGHT);
    EthAddress expected = ChainKey.fromPrivateKeyHex(KEY).address();

    assertThat(withDevnet(Map.of("chain-key-file", keyFile), Map.of()).key().address())
        .isEqualTo(expected);
    assertThat(withDevnet(Map.of(), Map.of("D2ORA_CHAIN_PRIVATE_KEY", KEY)).key().address())
        .isEqualTo(expected);
    assertThat(
            withDevnet(Map.of("chain-keystore", keystore), Map.of("D2ORA_CHAIN_KEY_PASSWORD", "pw"))
                .key()
                .address())
        .isEqualTo(expected);
    assertThat(withDevnet(Map.of("chain-devnet-account", 0), Map.of()).key().address())
        .isEqualTo(ChainKey.fromPrivateKeyHex(DEVNET_KEY).address());
  }

  @Test
  void shouldRefuseTwoSigningKeysRatherThanPickOne() {
    ChainSettings s =
        withDevnet(Map.of("chain-devnet-account", 0), Map.of("D2ORA_CHAIN_PRIVATE_KEY", KEY));

    assertThatThrownBy(s::key)
        .isInstanceOf(UserException.class)
        .hasMessage("give one signing key, got D2ORA_CHAIN_PRIVATE_KEY and --chain-devnet-account");
  }

  @Test
  void shouldNotEchoAMalformedSecretKey() {
    String secret = "0x" + "5e".repeat(31);
    ChainSettings s = withDevnet(Map.of(), Map.of("D2ORA_CHAIN_PRIVATE_KEY", secret));

    assertThatThrownBy(s::key)
        .isInstanceOf(UserException.class)
        .hasMessageContaining("0x + 64 hex digits; got 64 characters")
        .hasMessageNotContaining("5e5e");
  }

  @Test
  void shouldSayWhatIsWrongWithAKeyFile() {
    Path missing = dir.resolve("missing.key");
    assertThatThrownBy(() -> withDevnet(Map.of("chain-key-file", missing), Map.of()).key())
        .isInstanceOf(UserException.class)
        .hasMessage("no such key file: " + missing);
    assertThatThrownBy(() -> withDevnet(Map.of("chain-key-file", dir), Map.of()).key())
        .isInstanceOf(UserException.class)
        .hasMessage("key file " + dir + " is a directory, not a file");
    assertThatThrownBy(
            () -> withDevnet(Map.of("chain-keystore", dir.resolve("ks")), Map.of()).key())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("no keystore password");
  }

  @Test
  void shouldSayHowToGiveAKeyWhenNoneIsSet() {
    assertThat(withDevnet(Map.of(), Map.of()).hasKey()).isFalse();
    assertThatThrownBy(() -> withDevnet(Map.of(), Map.of()).key())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("--chain-keystore")
        .hasMessageContaining("--chain-key-file")
        .hasMessageContaining("D2ORA_CHAIN_PRIVATE_KEY")
        .hasMessageContaining("--chain-devnet-account");
  }
}
