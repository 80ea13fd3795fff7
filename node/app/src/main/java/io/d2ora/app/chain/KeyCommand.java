package io.d2ora.app.chain;

import picocli.CommandLine.Command;

/** {@code d2ora key}: account keys in encrypted keystore files. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = "Create and inspect chain account keys (encrypted keystore files).",
    subcommands = {KeyGenerateCommand.class, KeyShowCommand.class})
public final class KeyCommand {}
