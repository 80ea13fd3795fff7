package io.d2ora.app.chain;

import picocli.CommandLine.Command;

/**
 * {@code d2ora round}: create, join, attest, settle and inspect training rounds on the registry.
 */
@Command(
    name = "round",
    mixinStandardHelpOptions = true,
    description = "Create, join, attest, settle and inspect training rounds.",
    subcommands = {
      RoundCreateCommand.class,
      RoundJoinCommand.class,
      RoundStatusCommand.class,
      RoundProposalsCommand.class,
      RoundAttestCommand.class,
      RoundSettleCommand.class,
      RoundForfeitCommand.class,
      RoundListCommand.class
    })
public final class RoundCommand {}
