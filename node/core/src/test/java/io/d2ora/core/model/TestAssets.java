package io.d2ora.core.model;

import io.d2ora.core.train.TrainingConfig;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import java.nio.file.Path;

/**
 * The fetched model and data for tests that need them, in the project checkout's {@code .cache}.
 * Missing files FAIL a CI run (CI=true) with what to do; on a developer machine the test is skipped
 * ({@link RealComponent#require()}).
 */
public final class TestAssets {
  private TestAssets() {}

  public static Path modelDirectory() {
    RealComponent.BASE_MODEL.require();
    return ProjectRoot.resolve(".cache/models").resolve(TrainingConfig.DEFAULT_BASE_MODEL);
  }

  public static BaseModel baseModel() {
    return BaseModel.load(modelDirectory());
  }

  /** {@code .cache/data/<domain>/<split>.jsonl}. */
  public static Path dataFile(String domain, String split) {
    RealComponent.SENTIMENT_DATA.require();
    return ProjectRoot.resolve(".cache/data").resolve(domain).resolve(split + ".jsonl");
  }
}
