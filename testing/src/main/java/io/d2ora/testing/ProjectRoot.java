package io.d2ora.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The checkout the tests run in: the system property {@code d2ora.home} if set, else the nearest
 * directory at or above the working directory that holds {@code scripts/setup.sh}.
 */
public final class ProjectRoot {
  static final String PROPERTY = "d2ora.home";
  private static final String MARKER = "scripts/setup.sh";

  private ProjectRoot() {}

  /** The project root; throws when the tests do not run inside a checkout. */
  public static Path path() {
    return find()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cannot find the project root ("
                        + MARKER
                        + ") at or above "
                        + Path.of("").toAbsolutePath()
                        + "; run the tests from the checkout or set -D"
                        + PROPERTY));
  }

  /** {@code relative} resolved against the project root. */
  public static Path resolve(String relative) {
    return path().resolve(relative);
  }

  static Optional<Path> find() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return Optional.of(Path.of(property).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(MARKER))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }
}
