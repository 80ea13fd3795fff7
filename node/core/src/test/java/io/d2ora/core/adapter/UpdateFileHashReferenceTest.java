package io.d2ora.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.store.ContentHash;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Golden keccak-256 values computed by an independent tool (ethers 6 in the project's
 * node_modules), so a reviewer can recompute them:
 *
 * <pre>
 * node -e 'const {keccak256}=require("ethers");
 *   const h="{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"data_offsets\":[0,8],\"dtype\":\"F32\",\"shape\":[2]},\"b\":{\"data_offsets\":[8,12],\"dtype\":\"F32\",\"shape\":[1]}}";
 *   const p=Math.ceil(h.length/8)*8, b=Buffer.alloc(8+p+12);
 *   b.writeBigUInt64LE(BigInt(p),0); b.write(h.padEnd(p," "),8,"utf8");
 *   b.writeFloatLE(2,8+p); b.writeFloatLE(-0.5,12+p); b.writeFloatLE(1,16+p);
 *   console.log(b.length, keccak256(b))'
 * 164 0x8807aff0885b43b0beaa1729e4b245becf61a62fb73e072eb877b3a4c5ebe1c9
 * </pre>
 */
class UpdateFileHashReferenceTest {

  @Test
  void shouldMatchEthersKeccakOfTheEmptyInput() {
    assertThat(ContentHash.keccak256(new byte[0]).hex())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }

  @Test
  void shouldMatchEthersKeccakOfATinyCanonicalFile() {
    AdapterUpdate u =
        new AdapterUpdate(
            new TreeMap<>(
                Map.of(
                    "a", FloatTensor.of(new float[] {2f, -0.5f}, 2),
                    "b", FloatTensor.of(new float[] {1f}, 1))),
            new TreeMap<>(Map.of("format", "pt")));

    byte[] bytes = SafetensorsCodec.encode(u);

    assertThat(bytes).hasSize(164);
    assertThat(ContentHash.keccak256(bytes).hex())
        .isEqualTo("0x8807aff0885b43b0beaa1729e4b245becf61a62fb73e072eb877b3a4c5ebe1c9");
  }
}
