package io.d2ora.app.adapter;

import io.d2ora.app.cli.UserException;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.MalformedUpdateException;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateLimits;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an update file named on the command line; every failure is the user's (exit 2: a missing
 * file here, a malformed one with the file named, core's input faults as they are).
 */
final class UpdateFiles {
  /** A file's bytes and its decoded update. */
  record Loaded(byte[] bytes, AdapterUpdate update) {}

  private UpdateFiles() {}

  static Loaded load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserException(file + ": no such file");
    }
    try {
      byte[] bytes = SafetensorsCodec.readBytes(file, UpdateLimits.DEFAULT);
      return new Loaded(bytes, SafetensorsCodec.decode(bytes, UpdateLimits.DEFAULT));
    } catch (MalformedUpdateException e) {
      throw new UserException(file + " is not a valid update file: " + e.getMessage(), e);
    }
  }
}
