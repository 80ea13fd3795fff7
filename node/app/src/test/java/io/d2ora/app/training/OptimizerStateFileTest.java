package io.d2ora.app.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.optim.AdamWState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer's kept AdamW moments: whatever is on disk (nothing, a torn write, garbage, another
 * recipe's moments) the next round trains, with a fresh optimizer when the file is unusable.
 */
class OptimizerStateFileTest {
  @TempDir Path dir;

  private static AdamWState state(String tag) {
    return new AdamWState(
        tag, 12, List.of("p"), List.of(new double[] {0.1, -0.2}), List.of(new double[] {1, 2}));
  }

  @Test
  void shouldReadBackWhatItWroteForTheSameRoundConfig() throws Exception {
    OptimizerStateFile file = new OptimizerStateFile(dir.resolve(OptimizerStateFile.NAME));
    file.write(state("0xabc"));

    AdamWState back = file.read("0xabc").orElseThrow();

    assertThat(back.steps()).isEqualTo(12);
    assertThat(back.first().get(0)).containsExactly(0.1, -0.2);
    assertThat(back.second().get(0)).containsExactly(1.0, 2.0);
    assertThat(Files.list(dir).toList()).containsExactly(dir.resolve(OptimizerStateFile.NAME));
  }

  @Test
  void shouldStartCleanWhenTheFileIsMissingTornCorruptOrAnotherRecipes() throws Exception {
    Path path = dir.resolve(OptimizerStateFile.NAME);
    OptimizerStateFile file = new OptimizerStateFile(path);
    assertThat(file.read("0xabc")).isEmpty();

    byte[] good = state("0xabc").encode();
    Files.write(path, Arrays.copyOf(good, good.length / 2));
    assertThat(file.read("0xabc")).isEmpty();

    byte[] flipped = good.clone();
    flipped[good.length - 20] ^= 1;
    Files.write(path, flipped);
    assertThat(file.read("0xabc")).isEmpty();

    Files.write(path, new byte[] {'g', 'a', 'r', 'b', 'a', 'g', 'e'});
    assertThat(file.read("0xabc")).isEmpty();

    Files.write(path, good);
    assertThat(file.read("0xdef")).isEmpty();
    assertThat(file.read("0xabc")).isPresent();
  }

  @Test
  void shouldStartCleanWhenTheFileIsADirectory() throws Exception {
    Path path = dir.resolve(OptimizerStateFile.NAME);
    Files.createDirectories(path);
    assertThat(new OptimizerStateFile(path).read("0xabc")).isEmpty();
  }
}
