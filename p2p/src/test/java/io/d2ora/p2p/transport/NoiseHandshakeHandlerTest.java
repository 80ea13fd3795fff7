package io.d2ora.p2p.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.noise.NoiseHandshake;
import io.d2ora.p2p.noise.NoiseSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NoiseHandshakeHandler} on two embedded channels wired back to back: the 2-byte length
 * framing, reassembly of split messages, hand-over of pipelined bytes, and failures.
 */
class NoiseHandshakeHandlerTest {
  private final PrivateKey alice = PrivateKey.generateEd25519();
  private final PrivateKey bob = PrivateKey.generateEd25519();
  private final Random random = new Random(7);
  private final Side initiator = new Side();
  private final Side responder = new Side();

  /** One end: its channel, the session the handler handed over, what reached the next layer. */
  private static final class Side extends ChannelInboundHandlerAdapter {
    EmbeddedChannel channel;
    NoiseSession session;
    final ByteArrayOutputStream passedOn = new ByteArrayOutputStream();
    final List<Throwable> errors = new ArrayList<>();

    void open(NoiseHandshake handshake, boolean initiating) {
      channel = new EmbeddedChannel();
      channel
          .pipeline()
          .addLast(new NoiseHandshakeHandler(handshake, initiating, (ctx, s) -> session = s), this);
    }

    byte[] written() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        out.writeBytes(bytes);
      }
      return out.toByteArray();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      buf.release();
      passedOn.writeBytes(bytes);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.add(cause instanceof DecoderException ? cause.getCause() : cause);
    }
  }

  @AfterEach
  void release() {
    for (Side side : List.of(initiator, responder)) {
      if (side.channel != null) {
        side.channel.finishAndReleaseAll();
      }
    }
  }

  private void open() {
    initiator.open(NoiseHandshake.initiator(alice, bob.peerId(), List.of("/yamux/1.0.0")), true);
    responder.open(NoiseHandshake.responder(bob, List.of("/yamux/1.0.0")), false);
  }

  /** Feeds {@code bytes} to {@code side} in random chunks of 1 to 3 bytes. */
  private void trickle(Side side, byte[] bytes) {
    for (int off = 0; off < bytes.length; ) {
      int n = Math.min(bytes.length - off, 1 + random.nextInt(3));
      side.channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, off, off + n)));
      off += n;
    }
  }

  @Test
  void shouldCompleteTheHandshakeFromMessagesSplitIntoTinyChunks() {
    open();

    trickle(responder, initiator.written());
    trickle(initiator, responder.written());
    trickle(responder, initiator.written());

    assertThat(initiator.session.remotePeer()).isEqualTo(bob.peerId());
    assertThat(responder.session.remotePeer()).isEqualTo(alice.peerId());
    assertThat(responder.session.remoteMuxers()).containsExactly("/yamux/1.0.0");
    byte[] plain = "after the handshake".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = new byte[plain.length + 16];
    initiator.session.sender().encrypt(new byte[0], plain, 0, plain.length, sealed, 0);
    byte[] opened = new byte[plain.length];
    responder.session.receiver().decrypt(new byte[0], sealed, 0, sealed.length, opened, 0);
    assertThat(opened).isEqualTo(plain);
    assertThat(initiator.channel.pipeline().get(NoiseHandshakeHandler.class)).isNull();
    assertThat(responder.channel.pipeline().get(NoiseHandshakeHandler.class)).isNull();
  }

  @Test
  void shouldPassBytesPipelinedAfterTheLastMessageToTheNextLayer() {
    open();
    responder.channel.writeInbound(Unpooled.wrappedBuffer(initiator.written()));
    initiator.channel.writeInbound(Unpooled.wrappedBuffer(responder.written()));
    byte[] early = "first transport frame".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream last = new ByteArrayOutputStream();
    last.writeBytes(initiator.written());
    last.writeBytes(early);

    responder.channel.writeInbound(Unpooled.wrappedBuffer(last.toByteArray()));

    assertThat(responder.session).isNotNull();
    assertThat(responder.passedOn.toByteArray()).isEqualTo(early);
  }

  @Test
  void shouldWaitForAWholeFrameBeforeDecoding() {
    open();
    byte[] first = initiator.written();

    responder.channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(first, first.length - 1)));

    assertThat(responder.written()).isEmpty();
    assertThat(responder.errors).isEmpty();
    responder.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {first[first.length - 1]}));
    assertThat(responder.written()).isNotEmpty();
  }

  @Test
  void shouldRejectAnEmptyHandshakeMessage() {
    open();

    responder.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0}));

    assertThat(responder.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("empty noise handshake message");
    assertThat(responder.session).isNull();
  }

  @Test
  void shouldRejectARemoteWhoseIdentityIsNotTheDialledOne() {
    PrivateKey mallory = PrivateKey.generateEd25519();
    initiator.open(NoiseHandshake.initiator(alice, bob.peerId(), List.of()), true);
    responder.open(NoiseHandshake.responder(mallory, List.of()), false);

    responder.channel.writeInbound(Unpooled.wrappedBuffer(initiator.written()));
    initiator.channel.writeInbound(Unpooled.wrappedBuffer(responder.written()));

    assertThat(initiator.errors).singleElement().isInstanceOf(ProtocolViolationException.class);
    assertThat(initiator.session).isNull();
  }
}
