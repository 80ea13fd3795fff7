package io.d2ora.app.chain;

import io.d2ora.app.cli.UserException;
import io.d2ora.chain.ChainConfigException;
import io.d2ora.chain.ChainException;
import io.d2ora.chain.ChainRevertException;
import io.d2ora.chain.ChainUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs chain calls for a command and turns chain failures into user errors that say what went
 * wrong: the contract's error with its arguments named, deadlines as times.
 */
final class Chain {
  /** Argument names of the registry's errors whose meaning a user needs spelled out. */
  private static final Map<String, String> EXPLAINED =
      Map.ofEntries(
          Map.entry("InsufficientStake", "not enough free stake: need %s, have %s (base units)"),
          Map.entry("UnbondingNotElapsed", "unbonding ends at %s; chain time is %s"),
          Map.entry(
              "NothingToWithdraw", "nothing is unbonded: run `stake withdraw --amount X` first"),
          Map.entry("UnknownRound", "round %s does not exist"),
          Map.entry("JoinClosed", "round %s is past its join deadline %s (chain time %s)"),
          Map.entry("RoundFull", "round %s is full (%s participants)"),
          Map.entry("AlreadyJoined", "round %s: %s has already joined"),
          Map.entry("NotJoined", "round %s: %s has not joined"),
          Map.entry("AlreadyCommitted", "round %s: %s has already committed"),
          Map.entry("CommitClosed", "round %s is past its commit deadline %s (chain time %s)"),
          Map.entry("SamplesAboveCap", "%s samples exceed the round's sample cap of %s"),
          Map.entry(
              "CommitPhaseNotOver", "round %s: the commit phase runs until %s (chain time %s)"),
          Map.entry("FinalizeClosed", "round %s is past its finalize deadline %s (chain time %s)"),
          Map.entry("AlreadyFinalized", "round %s already has a proposal with a quorum"),
          Map.entry(
              "NotProposer",
              "round %s: %s may not propose (only the aggregator and committed participants)"),
          Map.entry("AlreadyProposed", "round %s: %s has already proposed"),
          Map.entry("NotIncludable", "round %s: %s cannot be included (not committed, or slashed)"),
          Map.entry("EmptyIncludedSet", "the included set is empty"),
          Map.entry(
              "UnknownProposal",
              "round %s has no proposal of aggregate %s with included-set hash %s"),
          Map.entry("NotCommitted", "round %s: %s has not committed"),
          Map.entry("AlreadyAttested", "round %s: %s has already attested (proposal %s)"),
          Map.entry("SignerSlashed", "round %s: %s was slashed"),
          Map.entry("InvalidSignature", "the signature is not %s's (it recovers to %s)"),
          Map.entry("AlreadySettled", "round %s is already settled"),
          Map.entry("SettleTooEarly", "round %s cannot be settled before %s (chain time %s)"),
          Map.entry(
              "NotForfeitable",
              "round %s: %s cannot be forfeited (it committed, was forfeited, or never joined)"),
          Map.entry(
              "InvalidDeadlines",
              "deadlines must satisfy now (%s) < join (%s) <= commit (%s) < finalize (%s)"),
          Map.entry("CommitWindowTooShort", "the commit window is %s s; it must be at least %s s"),
          Map.entry(
              "FinalizeWindowOutOfRange",
              "the finalize window is %s s; it must be between %s s and %s s"),
          Map.entry("RoundTooLong", "the round would last %s s; at most %s s are allowed"),
          Map.entry("ZeroMinStake", "the minimum stake must be above 0"),
          Map.entry("InvalidParticipantCap", "participant cap %s is outside 1..%s"),
          Map.entry("InvalidSampleCap", "sample cap %s is outside 1..%s"),
          Map.entry("InvalidQuorum", "quorum %s bps is outside %s..%s bps (or 0 for the default)"),
          Map.entry("ERC20InsufficientBalance", "token balance too low: %s has %s, needs %s"));

  private Chain() {}

  static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (ChainRevertException e) {
      throw new UserException(explain(e), e);
    } catch (ChainConfigException e) {
      throw new UserException(e.getMessage(), e);
    } catch (ChainUnavailableException e) {
      throw new UserException(
          e.getMessage() + " (is the chain node running? scripts/devnet.sh starts a local one)", e);
    } catch (ChainException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  static void run(Runnable action) {
    call(
        () -> {
          action.run();
          return null;
        });
  }

  static String explain(ChainRevertException e) {
    String template = EXPLAINED.get(e.errorName());
    List<String> args = e.arguments().stream().map(Chain::timeIfTimestamp).toList();
    if (template == null || template.split("%s", -1).length - 1 != args.size()) {
      return e.getMessage();
    }
    return "%s failed: %s [%s]"
        .formatted(e.operation(), template.formatted(args.toArray()), e.errorName());
  }

  /** Unix timestamps in a plausible range read better as instants. */
  private static String timeIfTimestamp(String arg) {
    if (arg.matches("1[5-9]\\d{8}|2\\d{9}")) {
      return Instant.ofEpochSecond(Long.parseLong(arg)).toString();
    }
    return arg;
  }
}
