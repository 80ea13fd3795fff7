package io.d2ora.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every exception core throws on purpose says who is at fault, through one of the two branches. */
class CoreExceptionTest {

  @Test
  void shouldPutEveryCoreExceptionUnderOneBranch() throws Exception {
    List<Class<?>> exceptions = exceptionClasses();

    assertThat(exceptions).hasSizeGreaterThan(10);
    for (Class<?> c : exceptions) {
      assertThat(
              InputFaultException.class.isAssignableFrom(c)
                  || ExternalFaultException.class.isAssignableFrom(c))
          .as(c.getName() + " extends InputFaultException or ExternalFaultException")
          .isTrue();
    }
  }

  @Test
  void shouldKeepTheRootSealedToItsTwoBranches() {
    assertThat(CoreException.class.isSealed()).isTrue();
    assertThat(CoreException.class.getPermittedSubclasses())
        .containsExactlyInAnyOrder(InputFaultException.class, ExternalFaultException.class);
  }

  /** The main classes named {@code *Exception} (the compiled classes of this module). */
  private static List<Class<?>> exceptionClasses()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path root =
        Path.of(CoreException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names;
    try (Stream<Path> files = Files.walk(root)) {
      names =
          files
              .map(root::relativize)
              .map(Path::toString)
              .filter(f -> f.endsWith("Exception.class"))
              .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
              .filter(n -> !n.equals(CoreException.class.getName()))
              .toList();
    }
    List<Class<?>> classes = new java.util.ArrayList<>();
    for (String name : names) {
      classes.add(Class.forName(name));
    }
    return classes;
  }
}
