package io.d2ora.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStateTest {
  @TempDir Path dataDir;

  @Test
  void shouldStartFromNothingWhenNoStateWasSaved() {
    assertThat(NodeState.load(dataDir)).isEqualTo(new NodeState(0, Optional.empty()));
  }

  @Test
  void shouldResumeFromTheLastSavedState() {
    ContentHash aggregate = ContentHash.keccak256(new byte[] {7});
    new NodeState(2, Optional.empty()).save(dataDir);
    new NodeState(3, Optional.of(aggregate)).save(dataDir);

    assertThat(NodeState.load(dataDir)).isEqualTo(new NodeState(3, Optional.of(aggregate)));
  }

  @Test
  void shouldRememberHowLongTheLastTrainingTook() {
    new NodeState(3, Optional.empty(), Optional.of(java.time.Duration.ofMillis(81_250)))
        .save(dataDir);

    assertThat(NodeState.load(dataDir).lastTraining())
        .contains(java.time.Duration.ofMillis(81_250));
  }

  @Test
  void shouldIgnoreWhatASaveKilledMidwayLeftBehind() throws Exception {
    new NodeState(4, Optional.empty()).save(dataDir);
    Files.writeString(dataDir.resolve(".node-state.json.k1.tmp"), "{\"lastRound\": 5, \"sta");

    assertThat(NodeState.load(dataDir)).isEqualTo(new NodeState(4, Optional.empty()));
  }

  @Test
  void shouldReportADamagedStateFileInsteadOfStartingOver() throws Exception {
    Files.write(
        dataDir.resolve(NodeState.FILE),
        "{\"lastRound\": 5, \"sta".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> NodeState.load(dataDir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot read " + dataDir.resolve(NodeState.FILE));
  }
}
