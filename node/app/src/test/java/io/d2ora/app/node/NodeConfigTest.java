package io.d2ora.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.app.chain.ChainSettings;
import io.d2ora.app.cli.UserException;
import io.d2ora.chain.signing.ChainKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
  private static final String KEY = "0x" + "11".repeat(32);
  @TempDir Path dir;

  private Path file(String json) throws Exception {
    Path f = dir.resolve("node.json");
    Files.writeString(f, json);
    return f;
  }

  private static Map<String, Object> required() {
    return Map.of(
        "chain-registry",
        "0x" + "22".repeat(20),
        "chain-private-key",
        KEY,
        "round-config",
        "round.json",
        "data-path",
        "data");
  }

  @Test
  void shouldTakeDefaultsWhenNothingSet() {
    NodeConfig c = NodeConfig.resolve(required(), Map.of(), Optional.empty());

    assertThat(c.chain().rpcUrl()).isEqualTo(URI.create(ChainSettings.DEFAULT_RPC_URL));
    assertThat(c.chain().expectedChainId()).as("any: the node's chain id is read").isZero();
    assertThat(c.dataDir()).isEqualTo(Path.of(NodeConfig.DEFAULT_DATA_DIR));
    assertThat(c.roundCreateEnabled()).isFalse();
  }

  @Test
  void shouldPreferFlagOverEnvironmentOverFile() throws Exception {
    Path f = file("{\"chain-rpc-url\": \"http://file\", \"chain-id\": 5, \"rounds\": 7}");
    Map<String, Object> flags = new java.util.HashMap<>(required());
    flags.put("chain-rpc-url", "http://flag");
    Map<String, String> env = Map.of("D2ORA_CHAIN_RPC_URL", "http://env", "D2ORA_CHAIN_ID", "9");

    NodeConfig c = NodeConfig.resolve(flags, env, Optional.of(f));

    assertThat(c.chain().rpcUrl()).isEqualTo(URI.create("http://flag"));
    assertThat(c.chain().expectedChainId()).isEqualTo(9);
    assertThat(c.rounds()).isEqualTo(7);
  }

  @Test
  void shouldReadListsFromFileAndEnvironment() throws Exception {
    Path f = file("{\"p2p-bootstrap\": [\"/ip4/1.2.3.4/tcp/1\", \"/ip4/1.2.3.4/tcp/2\"]}");

    assertThat(NodeConfig.resolve(required(), Map.of(), Optional.of(f)).p2pBootstrap())
        .containsExactly("/ip4/1.2.3.4/tcp/1", "/ip4/1.2.3.4/tcp/2");
    assertThat(
            NodeConfig.resolve(required(), Map.of("D2ORA_P2P_BOOTSTRAP", "/a,/b"), Optional.of(f))
                .p2pBootstrap())
        .isEqualTo(List.of("/a", "/b"));
  }

  @Test
  void shouldResolveTheJoinPolicyFromFileAndFlags() throws Exception {
    String creator = "0x" + "ab".repeat(20);
    Path f =
        file(
            "{\"join-allowed-creators\": [\""
                + creator
                + "\"], \"join-max-stake\": \"1000000000000000000000\","
                + " \"join-training-seconds\": 90}");
    Map<String, Object> flags = new java.util.HashMap<>(required());
    flags.put("join-max-finalize-seconds", 600L);

    JoinPolicy p = NodeConfig.resolve(flags, Map.of(), Optional.of(f)).joinPolicy();

    assertThat(p.allowedCreators()).containsExactly(io.d2ora.core.round.Address.parse(creator));
    assertThat(p.allowedAggregators()).isEmpty();
    assertThat(p.maxStake()).contains(new java.math.BigInteger("1000000000000000000000"));
    assertThat(p.trainingEstimate()).hasSeconds(90);
    assertThat(p.margin()).hasSeconds(NodeConfig.DEFAULT_JOIN_MARGIN_SECONDS);
    assertThat(p.maxFinalizeWindow()).hasSeconds(600);
  }

  @Test
  void shouldRejectAJoinPolicyNamingNoAddress() {
    Map<String, String> env = Map.of("D2ORA_JOIN_ALLOWED_AGGREGATORS", "0x12,alice");

    assertThatThrownBy(() -> NodeConfig.resolve(required(), env, Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("join-allowed-aggregators: '0x12' is not an address");
  }

  @Test
  void shouldNameTheMissingSettingAndItsSources() {
    assertThatThrownBy(() -> NodeConfig.resolve(Map.of(), Map.of(), Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("chain-registry")
        .hasMessageContaining("D2ORA_CHAIN_REGISTRY");
  }

  @Test
  void shouldRejectMalformedKey() {
    Map<String, Object> flags = new java.util.HashMap<>(required());
    flags.put("chain-private-key", "0x1234");

    assertThatThrownBy(() -> NodeConfig.resolve(flags, Map.of(), Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("0x + 64 hex digits");
  }

  @Test
  void shouldReadKeyFromKeyFile() throws Exception {
    Path key = dir.resolve("k");
    Files.writeString(key, KEY + "\n");
    Map<String, Object> flags = new java.util.HashMap<>(required());
    flags.remove("chain-private-key");
    flags.put("chain-key-file", key.toString());

    assertThat(NodeConfig.resolve(flags, Map.of(), Optional.empty()).chain().key().address())
        .isEqualTo(ChainKey.fromPrivateKeyHex(KEY).address());
  }
}
