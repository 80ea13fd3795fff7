package io.d2ora.app.adapter;

import picocli.CommandLine.Command;

/** {@code d2ora adapter}: work with update files (PEFT adapter safetensors). */
@Command(
    name = "adapter",
    mixinStandardHelpOptions = true,
    description = "Inspect and hash update files (PEFT adapter_model.safetensors).",
    subcommands = {AdapterInspectCommand.class, AdapterHashCommand.class})
public final class AdapterCommand {}
