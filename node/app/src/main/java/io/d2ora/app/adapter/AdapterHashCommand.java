package io.d2ora.app.adapter;

import io.d2ora.core.store.ContentHash;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora adapter hash FILE}: prints keccak-256 of the file's bytes (0x + 64 hex digits), the
 * value committed on chain. The file is validated first, so a malformed update exits 2.
 */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = "Print the update hash (keccak-256 of the file bytes) of a valid update file.")
public final class AdapterHashCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "an adapter_model.safetensors update file")
  private Path file;

  @Override
  public Integer call() {
    UpdateFiles.Loaded loaded = UpdateFiles.load(file);
    spec.commandLine().getOut().println(ContentHash.keccak256(loaded.bytes()).hex());
    return 0;
  }
}
