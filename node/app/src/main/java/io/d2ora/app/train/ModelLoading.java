package io.d2ora.app.train;

import io.d2ora.app.cli.UserException;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.Nd4jRuntime;
import io.d2ora.core.model.ProjectHome;
import io.d2ora.core.train.PeftUpdates;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the base model an update names (or one given on the command line) and the update. */
public final class ModelLoading {
  private ModelLoading() {}

  /** The base model by name (under the project's model cache) or directory. */
  public static BaseModel baseModel(String nameOrPath) {
    Nd4jRuntime.configure(0);
    Path dir = ProjectHome.resolveModel(nameOrPath);
    if (!Files.isRegularFile(dir.resolve(BaseModel.MODEL_FILE))) {
      throw new UserException(
          "base model '"
              + nameOrPath
              + "' not found at "
              + dir
              + " (run scripts/setup.sh, or pass a directory holding model.onnx and tokenizer.json)");
    }
    return CoreErrors.userFaults(() -> BaseModel.load(dir));
  }

  static AdapterUpdate update(Path file) {
    if (!Files.exists(file)) {
      throw new UserException(file + ": no such file");
    }
    return CoreErrors.userFaults(() -> PeftUpdates.read(file));
  }

  /** The update's base model, checked against the hash the update was trained on. */
  static BaseModel baseModelFor(AdapterUpdate update, String override) {
    String name = override != null ? override : update.config().baseModelNameOrPath();
    BaseModel base = baseModel(name);
    String expected = update.metadata().get("d2ora.base_model_hash");
    if (expected != null && !expected.equals(base.hash().hex())) {
      throw new UserException(
          "the update was trained on base model "
              + expected
              + " but "
              + name
              + " hashes to "
              + base.hash().hex());
    }
    return base;
  }
}
