package io.d2ora.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  @TempDir Path dir;

  @Test
  void shouldReturnStoredBytesByHashAfterReopen() {
    byte[] bytes = "update".getBytes(StandardCharsets.UTF_8);
    ContentHash hash = ContentStore.open(dir).put(bytes);

    ContentStore reopened = ContentStore.open(dir);

    assertThat(reopened.get(hash)).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
    assertThat(reopened.size(hash)).contains((long) bytes.length);
    assertThat(dir.resolve(hash.digits())).exists();
  }

  @Test
  void shouldReportDamagedFileAbsentAndMoveItAside() throws Exception {
    ContentStore store = ContentStore.open(dir);
    ContentHash hash = store.put(new byte[] {1, 2, 3});
    Files.write(dir.resolve(hash.digits()), new byte[] {1, 2, 4});

    assertThat(store.get(hash)).isEmpty();
    assertThat(dir.resolve(hash.digits())).doesNotExist();
    assertThat(dir.resolve(hash.digits() + ".damaged")).exists();
    assertThat(store.put(new byte[] {1, 2, 3})).isEqualTo(hash);
    assertThat(store.contains(hash)).isTrue();
  }

  @Test
  void shouldRejectFileOverSizeLimit() {
    ContentStore store = new ContentStore(dir, 4);

    assertThatThrownBy(() -> store.put(new byte[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 bytes exceeds the store limit of 4");
  }

  @Test
  void shouldNotReadStoredFileOverSizeLimit() throws Exception {
    ContentHash hash = ContentStore.open(dir).put(new byte[8]);

    assertThat(new ContentStore(dir, 4).get(hash)).isEmpty();
  }

  @Test
  void shouldRemoveTemporaryFilesLeftByKilledWriter() throws Exception {
    Path leftover = Files.write(dir.resolve(".abc123.tmp"), new byte[] {9});

    ContentStore.open(dir);

    assertThat(leftover).doesNotExist();
  }

  @Test
  void shouldParseHashesInAnyCaseAndRejectMalformedOnes() {
    String digits = "ab".repeat(32);

    assertThat(ContentHash.parse("0X" + digits.toUpperCase()).hex()).isEqualTo("0x" + digits);
    assertThat(ContentHash.of(ContentHash.parse(digits).bytes()))
        .isEqualTo(ContentHash.parse(digits));
    assertThatThrownBy(() -> ContentHash.parse("0x1234"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> ContentHash.parse("zz".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContentHash.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes, got 31");
  }
}
