package io.d2ora.app.verify;

import picocli.CommandLine.Command;

/**
 * {@code d2ora verify}: check rounds and models against the chain. Exit codes: 0 verified, 2 user
 * or configuration error, 3 verification failed (the report says why), 1 unexpected error.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a round or a model against the chain: re-fetch every committed update, check hashes,"
          + " the stake reserved at join and the commit blocks' times, recompute the aggregate over"
          + " the set the attesting quorum finalized and compare it with the finalized hash.",
      "Exit codes: 0 verified, 2 usage/configuration error, 3 verification failed."
    },
    subcommands = {VerifyRoundCommand.class, VerifyAdapterCommand.class})
public final class VerifyCommand {
  /** Exit code when a verification fails (the report gives the reasons). */
  public static final int EXIT_MISMATCH = 3;
}
