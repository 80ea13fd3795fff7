package io.d2ora.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The D2ORA metadata of update files from untrusted peers: hashes parse strictly. */
class UpdateMetadataTest {
  private static final ContentHash INPUT = ContentHash.keccak256(new byte[] {1});

  private static Map<String, String> entries(String key, String value) {
    Map<String, String> m =
        new TreeMap<>(
            TestUpdates.metadata(10).aggregated("fedavg", List.of(INPUT), 20).toEntries());
    m.put(key, value);
    return m;
  }

  @Test
  void shouldRoundTripHashesThroughTheFileEntries() {
    UpdateMetadata m = TestUpdates.metadata(10).aggregated("fedavg", List.of(INPUT), 20);

    UpdateMetadata read = UpdateMetadata.fromEntries(m.toEntries());

    assertThat(read).isEqualTo(m);
    assertThat(read.baseModelHash()).isEqualTo(TestUpdates.BASE_MODEL_HASH);
    assertThat(read.inputs()).containsExactly(INPUT);
  }

  @Test
  void shouldAcceptUppercaseBaseModelHashAsTheSameHash() {
    String upper = "0x" + TestUpdates.BASE_MODEL_HASH.digits().toUpperCase();

    UpdateMetadata m = UpdateMetadata.fromEntries(entries(UpdateMetadata.BASE_MODEL_HASH, upper));

    assertThat(m.baseModelHash()).isEqualTo(TestUpdates.BASE_MODEL_HASH);
  }

  @Test
  void shouldRejectMalformedBaseModelHashes() {
    String digits = TestUpdates.BASE_MODEL_HASH.digits();
    for (String bad : List.of(digits, "0x" + digits.substring(2), "0x" + "zz".repeat(32), "")) {
      assertThatThrownBy(
              () -> UpdateMetadata.fromEntries(entries(UpdateMetadata.BASE_MODEL_HASH, bad)))
          .as("base model hash '%s'", bad)
          .isInstanceOf(MalformedUpdateException.class)
          .hasMessageContaining("base model hash must be 0x + 64 hex digits");
    }
  }

  @Test
  void shouldRejectMalformedInputHashes() {
    for (String bad : List.of(INPUT.hex() + ",", "0x" + "zz".repeat(32), INPUT.hex() + "00")) {
      assertThatThrownBy(() -> UpdateMetadata.fromEntries(entries(UpdateMetadata.INPUTS, bad)))
          .as("inputs '%s'", bad)
          .isInstanceOf(MalformedUpdateException.class)
          .hasMessageStartingWith("metadata: a content hash")
          .hasMessageContaining("hex digits");
    }
  }
}
