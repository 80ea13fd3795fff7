package io.d2ora.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlReaderTest {
  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    return Files.write(dir.resolve("d.jsonl"), List.of(lines));
  }

  @Test
  void shouldReadTextAndLabelSkippingBlankLines() throws IOException {
    Path f = file("{\"text\":\"good\",\"label\":\"positive\"}", "", "{\"text\":\"x\",\"label\":3}");
    assertThat(JsonlReader.read(f))
        .containsExactly(new Example("good", "positive"), new Example("x", "3"));
  }

  @Test
  void shouldNameFileAndLineWhenJsonIsInvalid() throws IOException {
    Path f = file("{\"text\":\"a\",\"label\":\"b\"}", "{\"text\": oops}");
    assertThatThrownBy(() -> JsonlReader.read(f))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(f + ":2")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void shouldRejectMissingTextAndBadLabelWithLine() throws IOException {
    assertThatThrownBy(() -> JsonlReader.read(file("{\"label\":\"b\"}")))
        .hasMessageContaining(":1")
        .hasMessageContaining("\"text\" must be a non-empty string");
    assertThatThrownBy(() -> JsonlReader.read(file("{\"text\":\"a\",\"label\":[1]}")))
        .hasMessageContaining("\"label\" must be a string or an integer");
  }

  @Test
  void shouldFailClearlyWhenFileIsMissingOrEmpty() throws IOException {
    assertThatThrownBy(() -> JsonlReader.read(dir.resolve("none.jsonl")))
        .hasMessageContaining("data file not found");
    assertThatThrownBy(() -> JsonlReader.read(file(""))).hasMessageContaining("no examples");
  }

  @Test
  void shouldSortLabelsAndRejectUnknownOnes() {
    List<Example> ex = List.of(new Example("a", "pos"), new Example("b", "neg"));
    LabelSet labels = LabelSet.of(ex);
    assertThat(labels.labels()).containsExactly("neg", "pos");
    assertThat(labels.indices(ex)).containsExactly(1, 0);
    assertThatThrownBy(() -> labels.indices(List.of(new Example("c", "meh"))))
        .hasMessageContaining("\"meh\" is not one of [neg, pos]");
  }
}
