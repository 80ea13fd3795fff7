package io.d2ora.app.node;

import picocli.CommandLine.Command;

/** {@code d2ora node}: run a peer node. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a D2ORA peer node.",
    subcommands = {NodeRunCommand.class})
public final class NodeCommand {}
