package io.d2ora.app.p2p;

import picocli.CommandLine.Command;

/** {@code d2ora p2p}: groups the diagnostic subcommands. */
@Command(
    name = "p2p",
    mixinStandardHelpOptions = true,
    description = "libp2p diagnostics: identities, listening, ping, pubsub.",
    subcommands = {
      P2pIdCommand.class,
      P2pListenCommand.class,
      P2pPingCommand.class,
      P2pSubscribeCommand.class,
      P2pPublishCommand.class
    })
public final class P2pCommand {}
