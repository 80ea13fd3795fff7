package io.d2ora.app.node;

import io.d2ora.app.chain.ChainSettings;
import io.d2ora.app.cli.Settings;
import io.d2ora.app.cli.UserException;
import io.d2ora.core.round.Address;
import io.d2ora.core.train.TrainingConfig;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's configuration. Every setting has a kebab-case key used as flag ({@code --p2p-listen}),
 * environment variable ({@code D2ORA_P2P_LISTEN}) and config-file key ({@code "p2p-listen"}),
 * resolved in that order of precedence (see {@link Settings}), then the {@code DEFAULT_*} constant.
 *
 * @param dataDir journal, content store, p2p key and exported aggregates
 * @param chain the chain connection and the node's signing key (the {@code chain-*} keys, resolved
 *     as for every chain command; see {@link ChainSettings})
 * @param p2pListen multiaddr to listen on
 * @param p2pBootstrap peers to dial at start (besides those registered on chain)
 * @param roundConfig the round config file (its keccak-256 is the rounds' config hash)
 * @param dataPath this peer's private training data (a directory of JSONL splits)
 * @param baseModel the base model name or directory
 * @param rounds how many rounds to take part in before exiting (0: run until stopped)
 * @param roundCreateEnabled whether this node creates rounds (as their aggregator) when none is
 *     open
 * @param roundJoinSeconds for created rounds: seconds from creation to the join deadline
 * @param roundCommitSeconds for created rounds: seconds from the join to the commit deadline
 * @param roundFinalizeSeconds for created rounds: seconds from the commit to the finalize deadline
 * @param roundMinStake for created rounds: minimum stake (token base units)
 * @param roundMaxParticipants for created rounds: participant cap
 * @param roundSampleCap for created rounds: most samples one commitment may claim
 * @param roundQuorumBps for created rounds: attestations that finalize a proposal, in basis points
 *     of the committed participants (0: the contract's default, two thirds)
 * @param roundRewardPool for created rounds: the reward pool this node funds (token base units)
 * @param pollInterval how often to poll the chain
 * @param json print JSON event lines instead of status lines
 * @param joinPolicy which open rounds the node joins ({@code join-*} keys, see {@link JoinPolicy})
 */
public record NodeConfig(
    Path dataDir,
    ChainSettings chain,
    String p2pListen,
    List<String> p2pBootstrap,
    Path roundConfig,
    String dataPath,
    String baseModel,
    int rounds,
    boolean roundCreateEnabled,
    long roundJoinSeconds,
    long roundCommitSeconds,
    long roundFinalizeSeconds,
    BigInteger roundMinStake,
    int roundMaxParticipants,
    long roundSampleCap,
    int roundQuorumBps,
    BigInteger roundRewardPool,
    Duration pollInterval,
    boolean json,
    JoinPolicy joinPolicy) {

  public static final String DEFAULT_DATA_DIR = ".d2ora/node";
  public static final String DEFAULT_P2P_LISTEN = "/ip4/127.0.0.1/tcp/0";
  public static final String DEFAULT_BASE_MODEL = TrainingConfig.DEFAULT_BASE_MODEL;
  public static final int DEFAULT_ROUNDS = 0;
  public static final long DEFAULT_ROUND_JOIN_SECONDS = 20;
  public static final long DEFAULT_ROUND_COMMIT_SECONDS = 240;
  public static final long DEFAULT_ROUND_FINALIZE_SECONDS = 180;
  public static final long DEFAULT_ROUND_MIN_STAKE = 1;
  public static final int DEFAULT_ROUND_MAX_PARTICIPANTS = 16;
  public static final long DEFAULT_ROUND_SAMPLE_CAP = 1_000_000;
  public static final int DEFAULT_ROUND_QUORUM_BPS = 0;
  public static final long DEFAULT_ROUND_REWARD_POOL = 0;
  public static final long DEFAULT_POLL_MILLIS = 1000;
  public static final long DEFAULT_JOIN_TRAINING_SECONDS = 0;
  public static final long DEFAULT_JOIN_MARGIN_SECONDS = 15;
  public static final long DEFAULT_JOIN_MAX_FINALIZE_SECONDS = 86_400;

  /** Resolves every setting; {@code flags} maps keys to the values given on the command line. */
  static NodeConfig resolve(
      Map<String, Object> flags, Map<String, String> env, Optional<Path> configFile) {
    Settings s = new Settings(flags, env, configFile);
    ChainSettings chain = ChainSettings.resolve(s);
    // A node signs from its first step: a missing or bad key or address fails before anything runs.
    chain.registry();
    chain.key();
    return new NodeConfig(
        Path.of(s.string("data-dir", DEFAULT_DATA_DIR)),
        chain,
        s.string("p2p-listen", DEFAULT_P2P_LISTEN),
        s.list("p2p-bootstrap"),
        Path.of(required(s, "round-config")),
        required(s, "data-path"),
        s.string("base-model", DEFAULT_BASE_MODEL),
        (int) s.number("rounds", DEFAULT_ROUNDS),
        s.bool("round-create-enabled", false),
        s.number("round-join-seconds", DEFAULT_ROUND_JOIN_SECONDS),
        s.number("round-commit-seconds", DEFAULT_ROUND_COMMIT_SECONDS),
        s.number("round-finalize-seconds", DEFAULT_ROUND_FINALIZE_SECONDS),
        BigInteger.valueOf(s.number("round-min-stake", DEFAULT_ROUND_MIN_STAKE)),
        (int) s.number("round-max-participants", DEFAULT_ROUND_MAX_PARTICIPANTS),
        s.number("round-sample-cap", DEFAULT_ROUND_SAMPLE_CAP),
        (int) s.number("round-quorum-bps", DEFAULT_ROUND_QUORUM_BPS),
        BigInteger.valueOf(s.number("round-reward-pool", DEFAULT_ROUND_REWARD_POOL)),
        Duration.ofMillis(s.number("poll-millis", DEFAULT_POLL_MILLIS)),
        s.bool("json", false),
        joinPolicy(s));
  }

  private static JoinPolicy joinPolicy(Settings s) {
    return new JoinPolicy(
        addresses(s, "join-allowed-creators"),
        addresses(s, "join-allowed-aggregators"),
        Duration.ofSeconds(nonNegative(s, "join-training-seconds", DEFAULT_JOIN_TRAINING_SECONDS)),
        Duration.ofSeconds(nonNegative(s, "join-margin-seconds", DEFAULT_JOIN_MARGIN_SECONDS)),
        Duration.ofSeconds(
            nonNegative(s, "join-max-finalize-seconds", DEFAULT_JOIN_MAX_FINALIZE_SECONDS)),
        s.string("join-max-stake").map(v -> stake("join-max-stake", v)));
  }

  private static Set<Address> addresses(Settings s, String key) {
    Set<Address> out = new LinkedHashSet<>();
    for (String a : s.list(key)) {
      try {
        out.add(Address.parse(a.trim()));
      } catch (IllegalArgumentException e) {
        throw new UserException(key + ": '" + a + "' is not an address (0x + 40 hex digits)");
      }
    }
    return out;
  }

  private static long nonNegative(Settings s, String key, long def) {
    long v = s.number(key, def);
    if (v < 0) {
      throw new UserException(key + ": expected a number of seconds >= 0, got " + v);
    }
    return v;
  }

  private static BigInteger stake(String key, String v) {
    try {
      BigInteger amount = new BigInteger(v.trim());
      if (amount.signum() < 0) {
        throw new NumberFormatException();
      }
      return amount;
    } catch (NumberFormatException e) {
      throw new UserException(
          key + ": expected token base units (a whole number >= 0), got '" + v + "'");
    }
  }

  private static String required(Settings s, String key) {
    return s.string(key)
        .orElseThrow(
            () ->
                new UserException(
                    "missing setting '"
                        + key
                        + "': pass --"
                        + key
                        + ", set "
                        + Settings.envName(key)
                        + " or put \""
                        + key
                        + "\" in the config file"));
  }

  @Override
  public String toString() {
    return "NodeConfig[dataDir="
        + dataDir
        + ", "
        + chain
        + ", p2p "
        + p2pListen
        + ", round config "
        + roundConfig
        + ", data "
        + dataPath
        + ", rounds "
        + rounds
        + ", create "
        + roundCreateEnabled
        + "]";
  }
}
