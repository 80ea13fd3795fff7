package io.d2ora.app.p2p;

import picocli.CommandLine.Command;

/** {@code d2ora p2p}: groups the diagnostic subcommands. */
@Command(
    name = "p2p",
    mixinStandardHelpOptions = true,
    description = "libp2p diagnostics: identities, listening, ping, pubsub.",
    subcommands = {
      P2PIdCommand.class,
      P2PListenCommand.class,
      P2PPingCommand.class,
      P2PSubscribeCommand.class,
      P2PPublishCommand.class
    })
public final class P2PCommand {}
