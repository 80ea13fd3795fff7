package io.d2ora.core.model;

import static org.junit.jupiter.api.Assertions.fail;

import io.d2ora.core.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The fetched model and data for tests that need them, in the project checkout's {@code .cache}
 * (Maven runs a module's tests in the module directory, two levels below the checkout). Missing
 * files FAIL a CI run (CI=true) with what to do; on a developer machine the test is skipped.
 */
public final class TestAssets {
  private static final Path CACHE = Path.of("../../.cache").toAbsolutePath().normalize();

  private TestAssets() {}

  public static Path modelDirectory() {
    Path dir = CACHE.resolve("models").resolve(TrainingConfig.DEFAULT_BASE_MODEL);
    require(dir.resolve(BaseModel.MODEL_FILE));
    require(dir.resolve(BaseModel.TOKENIZER_FILE));
    return dir;
  }

  public static BaseModel baseModel() {
    return BaseModel.load(modelDirectory());
  }

  /** {@code .cache/data/<domain>/<split>.jsonl}. */
  public static Path dataFile(String domain, String split) {
    Path file = CACHE.resolve("data").resolve(domain).resolve(split + ".jsonl");
    require(file);
    return file;
  }

  private static void require(Path file) {
    if (Files.isRegularFile(file)) {
      return;
    }
    String message = file + " is missing: run scripts/setup.sh to fetch the model and data";
    if ("true".equals(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
  }
}
