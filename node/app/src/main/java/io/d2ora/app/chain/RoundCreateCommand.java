package io.d2ora.app.chain;

import io.d2ora.app.cli.UserException;
import io.d2ora.app.cli.UserFiles;
import io.d2ora.chain.ChainClient;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RoundParams;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora round create}: funds and opens a round. Deadlines are laid out from the chain's
 * latest block time: join closes after {@code --join-window}, commit {@code --commit-window} later,
 * finalize {@code --finalize-window} after that.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Create a round (funding its reward pool) and print its id.")
public final class RoundCreateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @ArgGroup(multiplicity = "1")
  HashSource baseModel;

  static final class HashSource {
    @Option(
        names = "--base-model-hash",
        required = true,
        description = "keccak256 of the base model (0x + 64 hex).")
    String hash;

    @Option(
        names = "--base-model-file",
        required = true,
        description = "File whose keccak256 is the base model hash.")
    Path file;
  }

  @Option(names = "--config-hash", description = "keccak256 of the training config (0x + 64 hex).")
  String configHash;

  @Option(
      names = "--config-file",
      description = "Training config file whose keccak256 is the config hash.")
  Path configFile;

  @Option(
      names = "--join-window",
      defaultValue = "5m",
      converter = Windows.class,
      description = "Time from now until joining closes (default ${DEFAULT-VALUE}).")
  Duration joinWindow;

  @Option(
      names = "--commit-window",
      defaultValue = "10m",
      converter = Windows.class,
      description = "Time after the join deadline until commits close (default ${DEFAULT-VALUE}).")
  Duration commitWindow;

  @Option(
      names = "--finalize-window",
      defaultValue = "10m",
      converter = Windows.class,
      description =
          "Time after the commit deadline for the aggregator to finalize (default ${DEFAULT-VALUE}).")
  Duration finalizeWindow;

  @Option(
      names = "--min-stake",
      defaultValue = "1",
      description = "Stake each participant reserves when joining, in tokens (default 1).")
  String minStake;

  @Option(
      names = "--sample-cap",
      paramLabel = "N",
      description =
          "Most samples one commitment may claim (default: the contract's maximum, 10^9).")
  Long sampleCap;

  @Option(
      names = "--quorum",
      paramLabel = "BPS|PCT%",
      converter = Quorums.class,
      defaultValue = "default",
      description =
          "Share of committed participants whose attestations finalize a proposal: basis points"
              + " (6667) or percent (75%); default: the contract's (two thirds).")
  int quorumBps;

  @Option(
      names = "--max-participants",
      defaultValue = "16",
      description = "Participant cap, 1..256.")
  int maxParticipants;

  @Option(
      names = "--reward-pool",
      defaultValue = "0",
      description = "Tokens the creator pays into the pool.")
  String rewardPool;

  @Option(
      names = "--aggregator",
      description = "Account that proposes the aggregate first (default: the creator).")
  String aggregator;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    Hash32 base =
        baseModel.file != null
            ? keccak(baseModel.file, "base model file")
            : hash("--base-model-hash", baseModel.hash);
    Hash32 config =
        configFile != null
            ? keccak(configFile, "config file")
            : configHash != null ? hash("--config-hash", configHash) : Hash32.ZERO;
    try (ChainClient client = chain.settings().client()) {
      // An idle chain's latest block can lag the clock the next block will carry; a devnet's can
      // lead it.
      Instant latest = Chain.call(client::latestBlockTime);
      Instant now = latest.isAfter(Instant.now()) ? latest : Instant.now();
      Instant join = now.plus(joinWindow);
      Instant commit = join.plus(commitWindow);
      Instant finalize = commit.plus(finalizeWindow);
      RoundParams params;
      try {
        params =
            new RoundParams(
                base,
                config,
                join,
                commit,
                finalize,
                Tokens.parse("--min-stake", minStake),
                maxParticipants,
                sampleCap != null ? sampleCap : Chain.call(() -> client.limits().maxSampleCap()),
                quorumBps,
                Tokens.parse("--reward-pool", rewardPool),
                aggregator == null
                    ? client.account()
                    : StakeShowCommand.address("--aggregator", aggregator));
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), e);
      }
      long roundId = Chain.call(() -> client.createRound(params));
      RegistryRound created = Chain.call(() -> client.round(roundId)).orElseThrow();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("roundId", roundId);
      fields.put("joinDeadline", join.getEpochSecond());
      fields.put("commitDeadline", commit.getEpochSecond());
      fields.put("finalizeDeadline", finalize.getEpochSecond());
      fields.put("sampleCap", created.sampleCap());
      fields.put("quorumBps", created.quorumBps());
      Output.print(
          spec,
          json,
          fields,
          ("round %d created: join until %s, commit until %s, finalize until %s;"
                  + " at most %d samples per commitment, quorum %s")
              .formatted(
                  roundId,
                  join,
                  commit,
                  finalize,
                  created.sampleCap(),
                  RoundStatusCommand.percent(created.quorumBps())));
      return 0;
    }
  }

  private static Hash32 hash(String option, String text) {
    try {
      return Hash32.of(text);
    } catch (IllegalArgumentException e) {
      throw new UserException(option + ": " + e.getMessage(), e);
    }
  }

  static Hash32 keccak(Path file, String what) {
    return Hash32.keccak256(UserFiles.readAllBytes(file, what));
  }
}
