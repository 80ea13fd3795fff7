package io.d2ora.p2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.p2p.ProtocolNotSupportedException;
import io.d2ora.p2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MultistreamNegotiatorTest {
  @Test
  void shouldEncodeNaAsSpecified() {
    assertThat(HexFormat.of().formatHex(MultistreamCodec.encode("na"))).isEqualTo("036e610a");
  }

  @Test
  void shouldKeepPipelinedBytesAfterSelection() {
    MultistreamNegotiator responder = MultistreamNegotiator.responder(Set.of("/b")::contains);
    MultistreamNegotiator initiator = MultistreamNegotiator.initiator(List.of("/b"));
    ByteBuffer in = ByteBuffer.allocate(64);
    in.put(initiator.start()).put(new byte[] {9, 8, 7}).flip();
    ByteArrayOutputStream reply = new ByteArrayOutputStream();

    assertThat(responder.onBytes(in, reply)).isEqualTo("/b");
    assertThat(in.remaining()).isEqualTo(3);
    assertThat(in.get()).isEqualTo((byte) 9);
  }

  @Test
  void shouldFallBackToNextProposalOnNa() {
    MultistreamNegotiator responder = MultistreamNegotiator.responder(Set.of("/b")::contains);
    MultistreamNegotiator initiator = MultistreamNegotiator.initiator(List.of("/a", "/b"));
    ByteArrayOutputStream toResponder = new ByteArrayOutputStream();
    toResponder.writeBytes(initiator.start());
    ByteArrayOutputStream toInitiator = new ByteArrayOutputStream();
    toInitiator.writeBytes(responder.start());
    String selected = null;
    for (int round = 0; round < 3 && selected == null; round++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      responder.onBytes(ByteBuffer.wrap(toResponder.toByteArray()), out);
      toResponder.reset();
      toInitiator.writeBytes(out.toByteArray());
      selected = initiator.onBytes(ByteBuffer.wrap(toInitiator.toByteArray()), toResponder);
      toInitiator.reset();
    }

    assertThat(selected).isEqualTo("/b");
    assertThat(responder.selected()).isEqualTo("/b");
  }

  @Test
  void shouldFailWhenEveryProposalIsRefused() {
    MultistreamNegotiator initiator = MultistreamNegotiator.initiator(List.of("/a"));
    initiator.start();
    ByteBuffer answer = ByteBuffer.allocate(64);
    answer
        .put(MultistreamCodec.encode(MultistreamCodec.PROTOCOL_ID))
        .put(MultistreamCodec.encode("na"))
        .flip();

    assertThatThrownBy(() -> initiator.onBytes(answer, new ByteArrayOutputStream()))
        .isInstanceOf(ProtocolNotSupportedException.class);
  }

  @Test
  void shouldRejectWrongHeaderAndEndlessProposals() {
    ByteBuffer wrong = ByteBuffer.wrap(MultistreamCodec.encode("/multistream/2.0.0"));
    assertThatThrownBy(
            () ->
                MultistreamNegotiator.responder(p -> false)
                    .onBytes(wrong, new ByteArrayOutputStream()))
        .isInstanceOf(ProtocolViolationException.class);

    ByteArrayOutputStream spam = new ByteArrayOutputStream();
    spam.writeBytes(MultistreamCodec.encode(MultistreamCodec.PROTOCOL_ID));
    for (int i = 0; i <= MultistreamNegotiator.MAX_PROPOSALS; i++) {
      spam.writeBytes(MultistreamCodec.encode("/p" + i));
    }
    assertThatThrownBy(
            () ->
                MultistreamNegotiator.responder(p -> false)
                    .onBytes(ByteBuffer.wrap(spam.toByteArray()), new ByteArrayOutputStream()))
        .isInstanceOf(ProtocolViolationException.class);
  }
}
