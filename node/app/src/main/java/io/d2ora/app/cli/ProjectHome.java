package io.d2ora.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project checkout, whose {@code .cache/} holds the fetched model and data: the system
 * property {@code d2ora.home} (set by {@code scripts/d2ora}), else the nearest directory at or
 * above the working directory whose {@code pom.xml} is the D2ORA parent. Lets the repository's
 * configs, with their relative paths, work from any directory.
 */
public final class ProjectHome {
  public static final String PROPERTY = "d2ora.home";

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

  /**
   * A path from a config file: a relative one is taken from the working directory if it exists
   * there, else from the project home.
   */
  public static Path resolve(String path) {
    Path p = Path.of(path);
    if (p.isAbsolute() || Files.exists(p)) {
      return p;
    }
    return find().map(home -> home.resolve(path)).filter(Files::exists).orElse(p);
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
