package io.d2ora.app.chain;

import picocli.CommandLine.Command;

/** {@code d2ora chain}: the local development chain. */
@Command(
    name = "chain",
    mixinStandardHelpOptions = true,
    description = "Local development chain.",
    subcommands = {ChainDevnetCommand.class})
public final class ChainCommand {}
