package io.d2ora.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  /** Larger than the writer's buffer, so part of it reaches the temporary file before a failure. */
  private static final byte[] NEW = filled(300_000, (byte) 'n');

  private static final byte[] OLD = "old content".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private static byte[] filled(int size, byte value) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, value);
    return bytes;
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  @Test
  void shouldReplaceTheContentAndLeaveNoTemporaryFile() throws IOException {
    Path target = dir.resolve("state.json");
    AtomicFiles.write(target, OLD);

    AtomicFiles.write(target, NEW);

    assertThat(Files.readAllBytes(target)).isEqualTo(NEW);
    assertThat(files()).containsExactly(target);
  }

  @Test
  void shouldKeepTheOldContentWhenTheWriteFailsMidway() throws IOException {
    Path target = dir.resolve("state.json");
    AtomicFiles.write(target, OLD);
    long[] partialBytesOnDisk = {0};

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(NEW, 0, NEW.length / 2);
                      partialBytesOnDisk[0] = temporaryFileSize();
                      throw new IOException("No space left on device");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("No space left on device");

    assertThat(partialBytesOnDisk[0])
        .as("a partial file existed when the write failed")
        .isPositive();
    assertThat(Files.readAllBytes(target)).isEqualTo(OLD);
    assertThat(files()).containsExactly(target);
  }

  @Test
  void shouldLeaveNoFileWhenTheFirstWriteFailsMidway() throws IOException {
    Path target = dir.resolve("state.json");

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(NEW, 0, NEW.length / 2);
                      throw new IOException("No space left on device");
                    }))
        .isInstanceOf(IOException.class);

    assertThat(files()).isEmpty();
  }

  @Test
  void shouldKeepTheOldContentWhenTheRenameFails() throws IOException {
    // A non-empty directory cannot be replaced by a file: the failure comes after the new bytes
    // were complete and forced, at the rename.
    Path target = Files.createDirectory(dir.resolve("state.json"));
    Path inside = Files.write(target.resolve("keep"), OLD);

    assertThatThrownBy(() -> AtomicFiles.write(target, NEW)).isInstanceOf(IOException.class);

    assertThat(Files.readAllBytes(inside)).isEqualTo(OLD);
    assertThat(files()).containsExactly(target);
  }

  @Test
  void shouldKeepWritingWhenTheContentClosesItsStream() throws IOException {
    Path target = dir.resolve("state.json");

    AtomicFiles.write(
        target,
        out -> {
          out.write(NEW);
          out.close();
        });

    assertThat(Files.readAllBytes(target)).isEqualTo(NEW);
  }

  @Test
  void shouldCreateTheTargetDirectory() throws IOException {
    Path target = dir.resolve("a/b/state.json");

    AtomicFiles.write(target, OLD);

    assertThat(Files.readAllBytes(target)).isEqualTo(OLD);
  }

  private long temporaryFileSize() throws IOException {
    for (Path file : files()) {
      if (file.getFileName().toString().endsWith(".tmp")) {
        return Files.size(file);
      }
    }
    return 0;
  }
}
