package io.d2ora.app.demo;

import picocli.CommandLine.Command;

/** {@code d2ora demo}: helpers the demo script drives. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Helpers for scripts/demo.sh.",
    subcommands = {ScoreCommand.class})
public final class DemoCommand {}
