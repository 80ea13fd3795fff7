package io.d2ora.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFileTest {
  @TempDir Path dir;

  @Test
  void shouldReadBackEntriesInOrderAfterReopen() {
    Path file = dir.resolve("round-1.json");
    JournalFile journal = JournalFile.open(file);
    journal.append(journal.newEntry().put("step", "JOINED"));
    journal.append(journal.newEntry().put("step", "TRAINED").put("samples", 12));

    JournalFile reopened = JournalFile.open(file);

    assertThat(reopened.entries())
        .extracting(e -> e.get("step").asText())
        .containsExactly("JOINED", "TRAINED");
    assertThat(reopened.entries().get(1).get("samples").asLong()).isEqualTo(12);
  }

  @Test
  void shouldStartEmptyWhenFileIsMissing() {
    assertThat(JournalFile.open(dir.resolve("none.json")).entries()).isEmpty();
  }

  @Test
  void shouldNotLetCallersChangeRecordedEntries() {
    JournalFile journal = JournalFile.open(dir.resolve("j.json"));
    ObjectNode entry = journal.newEntry().put("step", "JOINED");
    journal.append(entry);
    entry.put("step", "CHANGED");
    journal.entries().get(0).put("step", "CHANGED");

    assertThat(journal.entries().get(0).get("step").asText()).isEqualTo("JOINED");
  }

  @Test
  void shouldFailClearlyOnDamagedJournal() throws Exception {
    Path file = Files.writeString(dir.resolve("j.json"), "{\"not\":\"an array\"}");

    assertThatThrownBy(() -> JournalFile.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("not a JSON array");
  }

  @Test
  void shouldRefuseToGrowPastLimit() {
    JournalFile journal = JournalFile.open(dir.resolve("j.json"), 64);

    assertThatThrownBy(() -> journal.append(journal.newEntry().put("detail", "x".repeat(100))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("over 64");
    assertThat(journal.entries()).isEmpty();
  }

  @Test
  void shouldKeepPreviousStateWhenTemporaryFileIsLeftBehind() throws Exception {
    Path file = dir.resolve("j.json");
    JournalFile journal = JournalFile.open(file);
    journal.append(journal.newEntry().put("step", "JOINED"));
    Path torn =
        Files.write(dir.resolve(".j.json123.tmp"), "[{\"step\":".getBytes(StandardCharsets.UTF_8));

    JournalFile reopened = JournalFile.open(file);

    assertThat(reopened.entries()).hasSize(1);
    assertThat(torn).doesNotExist();
  }
}
