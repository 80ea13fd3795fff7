package io.d2ora.chain.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.chain.ChainConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoresTest {
  @TempDir Path dir;

  @Test
  void shouldReadBackTheKeyItWrote() {
    ChainKey key = ChainKey.generate();
    Path file = Keystores.write(dir, key, "pw", Keystores.Strength.LIGHT);
    assertThat(file).exists();
    assertThat(Keystores.read(file, "pw").address()).isEqualTo(key.address());
    assertThat(Keystores.read(file, "pw").privateKey()).isEqualTo(key.privateKey());
  }

  @Test
  void shouldBlameTheConfigurationForAWrongPasswordOrAMissingFile() throws Exception {
    Path file = Keystores.write(dir, ChainKey.generate(), "pw", Keystores.Strength.LIGHT);
    assertThatThrownBy(() -> Keystores.read(file, "other"))
        .isInstanceOf(ChainConfigException.class)
        .hasMessageContaining("wrong password");
    assertThatThrownBy(() -> Keystores.read(dir.resolve("none.json"), "pw"))
        .isInstanceOf(ChainConfigException.class)
        .hasMessageContaining("does not exist");
    Path junk = Files.writeString(dir.resolve("junk.json"), "{not json");
    assertThatThrownBy(() -> Keystores.read(junk, "pw")).isInstanceOf(ChainConfigException.class);
  }

  @Test
  void shouldNeverPrintTheSecret() {
    ChainKey key = ChainKey.generate();
    assertThat(key.toString())
        .contains(key.address().hex())
        .doesNotContain(key.privateKey().toString(16));
  }
}
