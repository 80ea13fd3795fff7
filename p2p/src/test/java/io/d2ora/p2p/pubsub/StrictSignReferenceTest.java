package io.d2ora.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.p2p.identity.PrivateKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Java signs and identifies a message exactly as js-libp2p gossipsub 17.1.1 does. Golden values
 * from scripts/reference/pubsub-strictsign-vector.mjs (Ed25519 seed 0x00..0x1f, topic "d2ora/test",
 * data "hello d2ora", seqno 42). Ed25519 is deterministic, so signatures must match byte for byte.
 */
class StrictSignReferenceTest {
  private static final HexFormat HEX = HexFormat.of();

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    assertThat(m.find()).as("field %s in vector", name).isTrue();
    return m.group(1);
  }

  private static String vector() throws IOException {
    try (InputStream in =
        StrictSignReferenceTest.class.getResourceAsStream("/pubsub/strictsign-vector.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static PrivateKey seedKey() {
    byte[] seed = new byte[32];
    for (int i = 0; i < 32; i++) {
      seed[i] = (byte) i;
    }
    return PrivateKey.ed25519FromSeed(seed);
  }

  @Test
  void shouldSignLikeJs() throws IOException {
    String json = vector();

    WireMessage message =
        StrictSign.sign(
            seedKey(), "d2ora/test", "hello d2ora".getBytes(StandardCharsets.UTF_8), 42);

    assertThat(HEX.formatHex(message.from())).isEqualTo(field(json, "from"));
    assertThat(HEX.formatHex(message.signature())).isEqualTo(field(json, "signature"));
    assertThat(message.key()).as("Ed25519 IDs embed the key").isNull();
  }

  @Test
  void shouldComputeJsMessageId() throws IOException {
    String json = vector();
    WireMessage message = StrictSign.sign(seedKey(), "d2ora/test", new byte[0], 42);

    MessageId id = MessageIdFunction.PUBLIC_KEY_SEQNO.apply(message);

    assertThat(id.toString()).isEqualTo(field(json, "msgId"));
  }

  @Test
  void shouldVerifyJsSignature() throws IOException {
    String json = vector();
    WireMessage message =
        new WireMessage(
            HEX.parseHex(field(json, "from")),
            "hello d2ora".getBytes(StandardCharsets.UTF_8),
            new byte[] {0, 0, 0, 0, 0, 0, 0, 42},
            "d2ora/test",
            HEX.parseHex(field(json, "signature")),
            null);

    assertThat(new StrictSign().verify(message)).isTrue();
  }
}
