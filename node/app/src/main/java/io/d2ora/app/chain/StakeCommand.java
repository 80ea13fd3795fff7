package io.d2ora.app.chain;

import picocli.CommandLine.Command;

/** {@code d2ora stake}: deposit, withdraw and inspect stake in the registry. */
@Command(
    name = "stake",
    mixinStandardHelpOptions = true,
    description = "Stake tokens in the registry, unbond and withdraw them, show stake.",
    subcommands = {StakeDepositCommand.class, StakeWithdrawCommand.class, StakeShowCommand.class})
public final class StakeCommand {}
