package io.d2ora.app.train;

import io.d2ora.app.cli.UserException;
import io.d2ora.core.adapter.AdapterException;
import io.d2ora.core.data.DataFormatException;
import io.d2ora.core.model.ModelFormatException;
import io.d2ora.core.train.ConfigException;
import io.d2ora.core.train.TrainingDivergedException;
import java.util.function.Supplier;

/** Runs core work and turns the exceptions that are the user's fault into exit code 2. */
final class CoreErrors {
  private CoreErrors() {}

  static <T> T userFaults(Supplier<T> work) {
    try {
      return work.get();
    } catch (ConfigException
        | DataFormatException
        | ModelFormatException
        | AdapterException
        | TrainingDivergedException e) {
      throw new UserException(e.getMessage(), e);
    }
  }
}
