package io.d2ora.core.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project checkout, whose {@code .cache/} holds the fetched model and data: the system
 * property {@code d2ora.home} (set by {@code scripts/d2ora}), else the nearest directory at or
 * above the working directory whose {@code pom.xml} is the D2ORA parent.
 */
public final class ProjectHome {
  public static final String PROPERTY = "d2ora.home";
  public static final String DEFAULT_MODEL = "all-minilm-l6-v2";

  private ProjectHome() {}

  public static Optional<Path> find() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return Optional.of(Path.of(property).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (isParentPom(dir.resolve("pom.xml"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** {@code .cache/models/<name>} under the project home, or the working directory's. */
  public static Path modelDirectory(String name) {
    return find().orElse(Path.of("")).resolve(".cache").resolve("models").resolve(name);
  }

  /** {@code .cache/data} under the project home. */
  public static Path dataDirectory() {
    return find().orElse(Path.of("")).resolve(".cache").resolve("data");
  }

  /**
   * A model named like {@code all-minilm-l6-v2} is looked up under {@code .cache/models}; anything
   * containing a path separator, or an existing directory, is taken as a path.
   */
  public static Path resolveModel(String nameOrPath) {
    Path asPath = Path.of(nameOrPath);
    if (nameOrPath.contains("/") || Files.isDirectory(asPath)) {
      return asPath;
    }
    return modelDirectory(nameOrPath);
  }

  private static boolean isParentPom(Path pom) {
    try {
      if (!Files.isRegularFile(pom)) {
        return false;
      }
      String text = Files.readString(pom);
      // Module poms name d2ora-parent too, inside their <parent> element; the root has none.
      return text.contains("<artifactId>d2ora-parent</artifactId>") && !text.contains("<parent>");
    } catch (IOException e) {
      return false;
    }
  }
}
