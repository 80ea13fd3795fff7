package io.d2ora.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealComponentTest {
  @TempDir Path root;

  @Test
  void shouldNameTheMissingFileWhenTheModelIsAbsent() {
    assertThat(RealComponent.BASE_MODEL.problem(root))
        .hasValueSatisfying(p -> assertThat(p).contains("model.onnx").contains("does not exist"));
  }

  @Test
  void shouldAcceptTheModelWhenBothFilesExist() throws IOException {
    touch(".cache/models/all-minilm-l6-v2/model.onnx");
    touch(".cache/models/all-minilm-l6-v2/tokenizer.json");

    assertThat(RealComponent.BASE_MODEL.problem(root)).isEmpty();
  }

  @Test
  void shouldNameTheFirstMissingSplitOfTheData() throws IOException {
    for (String domain : new String[] {"imdb", "yelp", "amazon"}) {
      for (String split : new String[] {"train", "validation", "test"}) {
        touch(".cache/data/" + domain + "/" + split + ".jsonl");
      }
    }
    Files.delete(root.resolve(".cache/data/yelp/validation.jsonl"));

    assertThat(RealComponent.SENTIMENT_DATA.problem(root))
        .hasValueSatisfying(p -> assertThat(p).contains("yelp/validation.jsonl"));
  }

  @Test
  void shouldRejectANodeOlderThan22() throws IOException {
    touch(Toolchain.HARDHAT);
    fakeNode("v20.19.2");

    assertThat(RealComponent.HARDHAT.problem(root))
        .hasValueSatisfying(p -> assertThat(p).contains("Node 20").contains(">= 22"));
  }

  @Test
  void shouldAcceptHardhatOnNode22() throws IOException {
    touch(Toolchain.HARDHAT);
    fakeNode("v22.23.3");

    assertThat(RealComponent.HARDHAT.problem(root)).isEmpty();
  }

  @Test
  void shouldReportANodeThatCannotRun() throws IOException {
    touch("node_modules/libp2p/package.json");
    Path node = touch(Toolchain.BUNDLED_NODE);
    Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwx------"));
    Files.writeString(node, "#!/bin/sh\nexit 3\n");

    assertThat(RealComponent.JS_LIBP2P.problem(root))
        .hasValueSatisfying(p -> assertThat(p).contains("cannot run"));
  }

  /** A stand-in for the bundled node binary that only answers --version. */
  private void fakeNode(String version) throws IOException {
    Path node = touch(Toolchain.BUNDLED_NODE);
    Files.writeString(node, "#!/bin/sh\necho " + version + "\n");
    Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwx------"));
  }

  private Path touch(String relative) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.exists(file) ? file : Files.createFile(file);
  }
}
