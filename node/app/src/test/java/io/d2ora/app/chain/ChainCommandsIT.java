package io.d2ora.app.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.D2ora;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.signing.UpdateSigner;
import io.d2ora.chain.testing.Devnet;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Drives key → stake → round create → join → status → list, and a round to settlement by quorum
 * (attest, proposals, forfeit, settle, stake show), through the CLI against a real Hardhat node;
 * refusals exit 2 naming the contract's error.
 */
@RequiresRealComponents(RealComponent.HARDHAT)
class ChainCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Hash32 BASE = Hash32.of("0x" + "ab".repeat(32));
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

    assertThat(run(concat(new String[] {"stake", "show"}, key))).isZero();
    assertThat(out.toString())
        .contains("staked: 100", "reserved by rounds: 50", "free: 50", "round " + roundId);

    assertThat(run("stake", "status", "--account", address)).as("reading needs no key").isZero();
    assertThat(out.toString()).contains("staked: 100");
  }

  @Test
  void shouldSettleARoundByQuorumThroughTheCli() throws Exception {
    for (String n : List.of("2", "3", "4")) {
      assertThat(run("stake", "deposit", "--amount", "100", "--chain-devnet-account", n))
          .as(err.toString())
          .isZero();
    }
    assertThat(
            run(
                "round",
                "create",
                "--chain-devnet-account",
                "0",
                "--base-model-hash",
                BASE.hex(),
                "--min-stake",
                "10",
                "--reward-pool",
                "6",
                "--sample-cap",
                "1000",
                "--quorum",
                "75%",
                "--json"))
        .as(err.toString())
        .isZero();
    long round = json().get("roundId").asLong();
    assertThat(json().get("sampleCap").asLong()).isEqualTo(1000);
    assertThat(json().get("quorumBps").asInt()).isEqualTo(7500);
    String id = Long.toString(round);
    for (String n : List.of("2", "3", "4")) {
      assertThat(run("round", "join", id, "--chain-devnet-account", n)).as(err.toString()).isZero();
    }
    assertThat(run("stake", "show", "--chain-devnet-account", "3", "--json")).isZero();
    assertThat(json().get("reserved").asText()).isEqualTo(tokens(10));
    assertThat(json().get("free").asText()).isEqualTo(tokens(90));
    assertThat(json().get("reservations").get(0).get("roundId").asLong()).isEqualTo(round);

    EthAddress silent = devnet.account(2).address();
    EthAddress carol = devnet.account(3).address();
    EthAddress dave = devnet.account(4).address();
    UpdateSigner signer = new UpdateSigner(devnet.chainId(), devnet.registryAddress());
    try (var chain = devnet.client(0)) {
      chain.commit(signer.sign(devnet.account(3), round, hash("carol"), 100, BASE));
      chain.commit(signer.sign(devnet.account(4), round, hash("dave"), 200, BASE));

      assertThat(run("round", "forfeit", id, silent.hex(), "--chain-devnet-account", "3"))
          .isEqualTo(2);
      assertThat(err.toString())
          .contains("CommitPhaseNotOver", "the commit phase runs until 20")
          .doesNotContain("Exception");

      devnet.increaseTime(Duration.ofMinutes(15).plusSeconds(1));
      assertThat(run("round", "forfeit", id, carol.hex(), "--chain-devnet-account", "3"))
          .isEqualTo(2);
      assertThat(err.toString()).contains("NotForfeitable", carol.hex());
      assertThat(run("round", "forfeit", id, silent.hex(), "--chain-devnet-account", "3", "--json"))
          .as(err.toString())
          .isZero();
      assertThat(json().get("penalty").asText()).isEqualTo(tokens(1));

      chain.propose(round, hash("aggregate"), List.of(carol, dave));
    }
    assertThat(run("round", "proposals", id, "--json")).as(err.toString()).isZero();
    JsonNode proposal = json().get("proposals").get(0);
    assertThat(proposal.get("proposer").asText()).isEqualTo(devnet.account(0).address().hex());
    assertThat(proposal.get("attesters")).isEmpty();
    assertThat(proposal.get("quorum").asInt()).isEqualTo(2);

    assertThat(run("round", "settle", id, "--chain-devnet-account", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("SettleTooEarly", "cannot be settled before 20");

    String[] attest = {
      "round",
      "attest",
      id,
      "--aggregate-hash",
      hash("aggregate").hex(),
      "--included",
      dave.hex() + "," + carol.hex()
    };
    assertThat(run(concat(attest, new String[] {"--chain-devnet-account", "3"})))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("attested proposal 1 of round " + round, "1 of 2");
    assertThat(run(concat(attest, new String[] {"--chain-devnet-account", "4"}))).isZero();
    assertThat(out.toString()).contains("2 of 2 attestations, finalized");
    assertThat(run(concat(attest, new String[] {"--chain-devnet-account", "4"}))).isEqualTo(2);
    assertThat(err.toString()).contains("AlreadyAttested");

    assertThat(run("round", "settle", id, "--chain-devnet-account", "2", "--json"))
        .as(err.toString())
        .isZero();
    assertThat(json().get("outcome").asText()).isEqualTo("settled");
    assertThat(json().get("rewards").has(carol.hex())).isTrue();
    assertThat(json().get("rewards").has(dave.hex())).isTrue();

    assertThat(run("round", "status", id, "--json")).as(err.toString()).isZero();
    JsonNode status = json();
    assertThat(status.get("status").asText()).isEqualTo("SETTLED");
    assertThat(status.get("proposals").get(0).get("finalized").asBoolean()).isTrue();
    assertThat(status.get("proposals").get(0).get("attesters"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(carol.hex(), dave.hex());
    assertThat(status.get("settlement").get("outcome").asText()).isEqualTo("settled");
    assertThat(status.get("participants").get(0).get("status").asText()).isEqualTo("FORFEITED");
    assertThat(run("round", "status", id)).isZero();
    assertThat(out.toString())
        .contains("proposal 1 by", "FINALIZED in block", "settled in block", "quorum 75%");

    assertThat(run("stake", "show", "--chain-devnet-account", "3", "--json")).isZero();
    assertThat(json().get("reserved").asText()).isEqualTo("0");
    assertThat(new BigInteger(json().get("free").asText()))
        .isGreaterThan(new BigInteger(tokens(100)));
  }

  @Test
  void shouldNameTheBoundARoundViolates() {
    assertThat(
            run(
                "round",
                "create",
                "--chain-devnet-account",
                "0",
                "--base-model-hash",
                BASE.hex(),
                "--quorum",
                "40%"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("InvalidQuorum", "quorum 4000 bps is outside 5001..10000");
    assertThat(
            run(
                "round",
                "create",
                "--chain-devnet-account",
                "0",
                "--base-model-hash",
                BASE.hex(),
                "--commit-window",
                "30s"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("CommitWindowTooShort", "the commit window is 30 s");
    assertThat(
            run(
                "round",
                "create",
                "--chain-devnet-account",
                "0",
                "--base-model-hash",
                BASE.hex(),
                "--quorum",
                "lots"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("expected a quorum in basis points");
  }

  private static Hash32 hash(String text) {
    return Hash32.keccak256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String tokens(long whole) {
    return BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(whole)).toString();
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
