package io.d2ora.app.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.D2ora;
import io.d2ora.chain.testing.Devnet;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Drives key → stake → round create → join → status → list through the CLI against a real Hardhat
 * node.
 */
@RequiresRealComponents(RealComponent.HARDHAT)
class ChainCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Devnet devnet;
  @TempDir static Path dir;
  private static Path devnetFile;
  private static Path password;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startDevnet() throws Exception {
    devnet = Devnet.start();
    devnetFile = devnet.writeDevnetFile(dir.resolve("devnet.json"));
    password = Files.writeString(dir.resolve("password"), "correct horse\n");
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--chain-devnet-file", devnetFile.toString()));
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return cli.execute(all.toArray(String[]::new));
  }

  private JsonNode json() throws Exception {
    return JSON.readTree(out.toString());
  }

  @Test
  void shouldStakeCreateJoinAndReportARound() throws Exception {
    assertThat(
            run(
                "key",
                "generate",
                "--chain-devnet-account",
                "1",
                "--keystore-dir",
                dir.resolve("keys").toString(),
                "--chain-key-password-file",
                password.toString(),
                "--key-strength",
                "LIGHT",
                "--json"))
        .isZero();
    String keystore = json().get("keystore").asText();
    String address = json().get("address").asText();
    assertThat(address).isEqualTo(devnet.account(1).address().hex());
    String[] key = {"--chain-keystore", keystore, "--chain-key-password-file", password.toString()};

    assertThat(run(concat(new String[] {"key", "show", "--json"}, key))).isZero();
    assertThat(json().get("address").asText()).isEqualTo(address);

    assertThat(run(concat(new String[] {"stake", "deposit", "--amount", "100", "--json"}, key)))
        .as(err.toString())
        .isZero();
    assertThat(json().get("staked").asText()).isEqualTo(BigInteger.TEN.pow(20).toString());

    assertThat(
            run(
                "round",
                "create",
                "--chain-devnet-account",
                "0",
                "--base-model-hash",
                "0x" + "ab".repeat(32),
                "--min-stake",
                "50",
                "--reward-pool",
                "10",
                "--max-participants",
                "3",
                "--json"))
        .as(err.toString())
        .isZero();
    long roundId = json().get("roundId").asLong();

    assertThat(run(concat(new String[] {"round", "join", Long.toString(roundId)}, key)))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("joined round " + roundId);

    assertThat(run("round", "status", Long.toString(roundId), "--json"))
        .as(err.toString())
        .isZero();
    JsonNode status = json();
    assertThat(status.get("phase").asText()).isEqualTo("JOINING");
    assertThat(status.get("participantCount").asInt()).isEqualTo(1);
    assertThat(status.get("participants").get(0).get("account").asText()).isEqualTo(address);
    assertThat(status.get("participants").get(0).get("status").asText()).isEqualTo("JOINED");
    assertThat(status.get("rewardPool").asText()).isEqualTo(BigInteger.TEN.pow(19).toString());

    assertThat(run("round", "status", Long.toString(roundId))).isZero();
    assertThat(out.toString()).contains("round " + roundId + ": JOINING", address + " JOINED");

    assertThat(run("round", "list", "--json")).isZero();
    assertThat(json().size()).isGreaterThanOrEqualTo(1);

    assertThat(run(concat(new String[] {"stake", "status"}, key))).isZero();
    assertThat(out.toString()).contains("staked: 100", "locked by rounds: 1");

    assertThat(run("stake", "status", "--account", address)).as("reading needs no key").isZero();
    assertThat(out.toString()).contains("staked: 100");
  }

  @Test
  void shouldExplainChainRefusalsAsUserErrors() {
    assertThat(run("round", "join", "999", "--chain-devnet-account", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("round 999 does not exist", "UnknownRound");

    assertThat(run("stake", "withdraw", "--chain-devnet-account", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("nothing is unbonded");

    assertThat(run("stake", "deposit", "--amount", "lots", "--chain-devnet-account", "2"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--amount expects a token amount");
  }

  @Test
  void shouldRejectAWrongKeystorePassword() throws Exception {
    assertThat(
            run(
                "key",
                "generate",
                "--keystore-dir",
                dir.resolve("other").toString(),
                "--chain-key-password-file",
                password.toString(),
                "--key-strength",
                "LIGHT",
                "--json"))
        .isZero();
    String keystore = json().get("keystore").asText();
    Path wrong = Files.writeString(dir.resolve("wrong"), "nope");
    assertThat(
            run(
                "key",
                "show",
                "--chain-keystore",
                keystore,
                "--chain-key-password-file",
                wrong.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("wrong password");
  }

  @Test
  void shouldSayWhenNoChainAnswers() {
    assertThat(
            run(
                "round",
                "list",
                "--chain-rpc-url",
                "http://127.0.0.1:1",
                "--chain-registry",
                "0x" + "11".repeat(20)))
        .isEqualTo(2);
    assertThat(err.toString()).contains("unavailable", "scripts/devnet.sh");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
