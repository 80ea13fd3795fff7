package io.d2ora.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.p2p.identity.KeyType;
import io.d2ora.p2p.identity.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StrictSignTest {
  private final StrictSign strictSign = new StrictSign();

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void shouldVerifyOwnSignature(KeyType type) {
    WireMessage message = strictSign.sign(PrivateKey.generate(type), "t", new byte[] {1, 2});

    assertThat(strictSign.verify(message)).isTrue();
    assertThat(message.seqno()).hasSize(8);
  }

  @Test
  void shouldIncreaseSeqnoStrictly() {
    PrivateKey key = PrivateKey.generateEd25519();
    long first = java.nio.ByteBuffer.wrap(strictSign.sign(key, "t", new byte[0]).seqno()).getLong();
    long second =
        java.nio.ByteBuffer.wrap(strictSign.sign(key, "t", new byte[0]).seqno()).getLong();

    assertThat(second).isGreaterThan(first);
  }

  @Test
  void shouldRejectTamperedData() {
    WireMessage m = strictSign.sign(PrivateKey.generateEd25519(), "t", new byte[] {1});
    WireMessage tampered =
        new WireMessage(m.from(), new byte[] {2}, m.seqno(), m.topic(), m.signature(), m.key());

    assertThat(strictSign.verify(tampered)).isFalse();
  }

  @Test
  void shouldRejectMessageSignedByAnotherKey() {
    WireMessage m = strictSign.sign(PrivateKey.generateEd25519(), "t", new byte[] {1});
    WireMessage other = strictSign.sign(PrivateKey.generateEd25519(), "t", new byte[] {1});
    WireMessage forged =
        new WireMessage(other.from(), m.data(), m.seqno(), m.topic(), m.signature(), null);

    assertThat(strictSign.verify(forged)).isFalse();
  }

  @Test
  void shouldRejectKeyFieldThatDoesNotMatchFrom() {
    PrivateKey author = PrivateKey.generateEd25519();
    WireMessage m = strictSign.sign(author, "t", new byte[] {1});
    byte[] otherKey = PrivateKey.generateEd25519().publicKey().toProtobuf();

    assertThat(strictSign.verify(m.signed(m.signature(), otherKey))).isFalse();
  }

  @Test
  void shouldAcceptMatchingKeyField() {
    PrivateKey author = PrivateKey.generateEd25519();
    WireMessage m = strictSign.sign(author, "t", new byte[] {1});

    assertThat(strictSign.verify(m.signed(m.signature(), author.publicKey().toProtobuf())))
        .isTrue();
  }

  @Test
  void shouldRejectMissingOrMalformedFields() {
    WireMessage m = strictSign.sign(PrivateKey.generateEd25519(), "t", new byte[] {1});

    assertThat(
            strictSign.verify(new WireMessage(null, m.data(), m.seqno(), "t", m.signature(), null)))
        .isFalse();
    assertThat(
            strictSign.verify(
                new WireMessage(m.from(), m.data(), new byte[7], "t", m.signature(), null)))
        .isFalse();
    assertThat(strictSign.verify(new WireMessage(m.from(), m.data(), m.seqno(), "t", null, null)))
        .isFalse();
    assertThat(
            strictSign.verify(
                new WireMessage(
                    new byte[] {1, 2, 3}, m.data(), m.seqno(), "t", m.signature(), null)))
        .isFalse();
    assertThat(strictSign.verify(m.signed(new byte[3], new byte[] {9, 9}))).isFalse();
  }
}
