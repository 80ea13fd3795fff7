package io.d2ora.app.cli;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.BaseModelNames;
import io.d2ora.core.model.Nd4jRuntime;
import io.d2ora.core.train.PeftUpdates;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How every command loads a base model and an update file: a model name is looked up under the
 * project's {@code .cache/models} ({@link ProjectHome}), ND4J is configured before the first load,
 * and a missing file is the user's mistake (exit 2) with what to do about it.
 */
public final class ModelLoader {
  private ModelLoader() {}

  /** The base model with this name (under {@code .cache/models}) or in this directory. */
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
    return BaseModel.load(dir);
  }

  /** An update file, or {@code adapter_model.safetensors} in a directory. */
  public static AdapterUpdate update(Path file) {
    if (!Files.exists(file)) {
      throw new UserException(file + ": no such file");
    }
    return PeftUpdates.read(file);
  }

  /**
   * The base model of {@code update}: {@code override} if given, else the one its adapter config
   * names (a hub id we know, e.g. {@code sentence-transformers/all-MiniLM-L6-v2}, as its directory
   * under {@code .cache/models}, see {@link BaseModelNames}); checked against the hash the update
   * was trained on, when the update records one.
   */
  public static BaseModel baseModelFor(AdapterUpdate update, String override) {
    String name =
        override != null
            ? override
            : BaseModelNames.localName(update.config().baseModelNameOrPath());
    BaseModel base = baseModel(name);
    String expected = update.metadata().get(UpdateMetadata.BASE_MODEL_HASH);
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
