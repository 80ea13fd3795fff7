package io.d2ora.p2p.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.p2p.ProtocolNotSupportedException;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.multistream.MultistreamCodec;
import io.d2ora.p2p.multistream.MultistreamNegotiator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MultistreamHandler} on an embedded channel: framing, pipelined bytes, failures. */
class MultistreamHandlerTest {
  private static final String NOISE = "/noise";
  private final List<String> selected = new ArrayList<>();
  private final Sink next = new Sink();
  private EmbeddedChannel channel;

  /** The next layer: collects the bytes passed on and any failure. */
  private static final class Sink extends ChannelInboundHandlerAdapter {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<Throwable> errors = new ArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      buf.release();
      received.writeBytes(bytes);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.add(cause instanceof DecoderException ? cause.getCause() : cause);
    }
  }

  /** The handler, followed by {@link #next} standing in for the layer it hands over to. */
  private EmbeddedChannel start(MultistreamNegotiator negotiator) {
    channel =
        new EmbeddedChannel(
            new MultistreamHandler(negotiator, (ctx, protocol) -> selected.add(protocol)), next);
    return channel;
  }

  @AfterEach
  void release() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  private static byte[] messages(String... lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : lines) {
      out.writeBytes(MultistreamCodec.encode(line));
    }
    return out.toByteArray();
  }

  private byte[] written() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
      byte[] bytes = new byte[b.readableBytes()];
      b.readBytes(bytes);
      b.release();
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void shouldSendHeaderAndFirstProposalInOneWriteWhenInitiating() {
    start(MultistreamNegotiator.initiator(List.of(NOISE)));

    assertThat(written()).isEqualTo(messages(MultistreamCodec.PROTOCOL_ID, NOISE));
  }

  @Test
  void shouldPassBytesPipelinedAfterTheProposalToTheNextHandler() {
    start(MultistreamNegotiator.responder(Set.of(NOISE)::contains));
    written();
    byte[] pipelined = "first noise message".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes(messages(MultistreamCodec.PROTOCOL_ID, NOISE));
    in.writeBytes(pipelined);

    channel.writeInbound(Unpooled.wrappedBuffer(in.toByteArray()));

    assertThat(selected).containsExactly(NOISE);
    assertThat(written()).isEqualTo(messages(NOISE));
    assertThat(next.received.toByteArray()).isEqualTo(pipelined);
    assertThat(channel.pipeline().get(MultistreamHandler.class)).isNull();
  }

  @Test
  void shouldReassembleMessagesSplitIntoSingleBytes() {
    start(MultistreamNegotiator.responder(Set.of(NOISE)::contains));
    for (byte b : messages(MultistreamCodec.PROTOCOL_ID, "/tls/1.0.0", NOISE)) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }

    assertThat(selected).containsExactly(NOISE);
    assertThat(written())
        .isEqualTo(messages(MultistreamCodec.PROTOCOL_ID, MultistreamCodec.NA, NOISE));
  }

  @Test
  void shouldMoveToTheNextProposalOnNa() {
    start(MultistreamNegotiator.initiator(List.of("/tls/1.0.0", NOISE)));
    written();

    channel.writeInbound(
        Unpooled.wrappedBuffer(messages(MultistreamCodec.PROTOCOL_ID, MultistreamCodec.NA)));
    assertThat(written()).isEqualTo(messages(NOISE));
    channel.writeInbound(Unpooled.wrappedBuffer(messages(NOISE)));

    assertThat(selected).containsExactly(NOISE);
  }

  @Test
  void shouldFailWhenTheRemoteRefusesEveryProposal() {
    start(MultistreamNegotiator.initiator(List.of(NOISE)));

    channel.writeInbound(
        Unpooled.wrappedBuffer(messages(MultistreamCodec.PROTOCOL_ID, MultistreamCodec.NA)));

    assertThat(next.errors).singleElement().isInstanceOf(ProtocolNotSupportedException.class);
    assertThat(selected).isEmpty();
  }

  @Test
  void shouldRejectAWrongHeader() {
    start(MultistreamNegotiator.responder(Set.of(NOISE)::contains));

    channel.writeInbound(Unpooled.wrappedBuffer(messages("/multistream/2.0.0")));

    assertThat(next.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("expected multistream header");
    assertThat(selected).isEmpty();
  }

  @Test
  void shouldRejectALengthPrefixBeyondTheLineLimitBeforeBufferingIt() {
    start(MultistreamNegotiator.responder(Set.of(NOISE)::contains));

    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, 0x03}));

    assertThat(next.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("outside 1..");
  }
}
