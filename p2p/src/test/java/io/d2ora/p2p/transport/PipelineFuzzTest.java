package io.d2ora.p2p.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.multistream.MultistreamNegotiator;
import io.d2ora.p2p.noise.NoiseHandshake;
import io.d2ora.p2p.noise.NoiseSession;
import io.d2ora.p2p.yamux.YamuxHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * Random frames into the Netty handlers (yamux session, noise transport codec) on an embedded
 * channel: every failure must be a {@link ProtocolViolationException} that closes the channel.
 */
class PipelineFuzzTest {
  private final Random random = new Random(42);

  /** Records exceptions and closes, like the production error handler. */
  private static final class Recorder extends ChannelInboundHandlerAdapter {
    final List<Throwable> errors = new ArrayList<>();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.add(
          cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause);
      ctx.close();
    }
  }

  private EmbeddedChannel yamuxChannel(Recorder recorder) {
    EmbeddedChannel ch = new EmbeddedChannel();
    YamuxSession[] session = new YamuxSession[1];
    session[0] =
        new YamuxSession(
            true,
            8,
            1 << 20,
            stream ->
                stream.startNegotiation(
                    new StreamNegotiation(
                        stream,
                        MultistreamNegotiator.responder(Set.of("/echo")::contains),
                        p -> stream.setListener(stream::write),
                        e -> {})));
    session[0].bind(
        new NettyConnection(ch, session[0], PrivateKey.generateEd25519().peerId(), true, 1000));
    ch.pipeline().addLast(session[0], recorder);
    return ch;
  }

  private byte[] randomFrame() {
    int type = random.nextInt(5) == 0 ? random.nextInt(256) : random.nextInt(4);
    int length = random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(64);
    byte[] header = new byte[12];
    header[0] = (byte) (random.nextInt(20) == 0 ? 1 : 0);
    header[1] = (byte) type;
    header[3] = (byte) random.nextInt(16);
    int id = random.nextInt(6);
    header[7] = (byte) id;
    header[8] = (byte) (length >>> 24);
    header[9] = (byte) (length >>> 16);
    header[10] = (byte) (length >>> 8);
    header[11] = (byte) length;
    int payload = type == 0 && length >= 0 && length < 64 ? length : random.nextInt(4);
    byte[] frame = new byte[12 + payload];
    System.arraycopy(header, 0, frame, 0, 12);
    for (int i = 12; i < frame.length; i++) {
      frame[i] = (byte) random.nextInt(256);
    }
    return frame;
  }

  @Test
  void shouldCloseYamuxSessionOnlyWithProtocolViolations() {
    int closed = 0;
    for (int run = 0; run < 300; run++) {
      Recorder recorder = new Recorder();
      EmbeddedChannel ch = yamuxChannel(recorder);
      for (int i = 0; i < 30 && ch.isActive(); i++) {
        ch.writeInbound(Unpooled.wrappedBuffer(randomFrame()));
      }
      ch.finishAndReleaseAll();
      assertThat(recorder.errors)
          .allMatch(e -> e instanceof ProtocolViolationException, "only protocol violations");
      closed += recorder.errors.isEmpty() ? 0 : 1;
    }
    assertThat(closed).isPositive();
  }

  @Test
  void shouldAnswerYamuxPingWithSameValue() {
    Recorder recorder = new Recorder();
    EmbeddedChannel ch = yamuxChannel(recorder);

    ch.writeInbound(
        Unpooled.wrappedBuffer(
            new YamuxHeader(YamuxHeader.TYPE_PING, YamuxHeader.FLAG_SYN, 0, 77).encode()));
    ByteBuf out = ch.readOutbound();
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    out.release();

    assertThat(YamuxHeader.decode(bytes, 0))
        .isEqualTo(new YamuxHeader(YamuxHeader.TYPE_PING, YamuxHeader.FLAG_ACK, 0, 77));
    ch.finishAndReleaseAll();
  }

  @Test
  void shouldResetStreamsBeyondTheLimit() {
    Recorder recorder = new Recorder();
    EmbeddedChannel ch = yamuxChannel(recorder);
    for (int id = 2; id <= 20; id += 2) {
      ch.writeInbound(
          Unpooled.wrappedBuffer(
              new YamuxHeader(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_SYN, id, 0)
                  .encode()));
    }
    int rst = 0;
    for (ByteBuf out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
      byte[] b = new byte[out.readableBytes()];
      out.readBytes(b);
      out.release();
      YamuxHeader h = YamuxHeader.decode(b, 0);
      rst += h.has(YamuxHeader.FLAG_RST) ? 1 : 0;
    }

    assertThat(rst).isEqualTo(2);
    assertThat(recorder.errors).isEmpty();
    ch.finishAndReleaseAll();
  }

  @Test
  void shouldCloseNoiseTransportOnForgedOrCorruptedFrames() {
    NoiseSession[] sessions = handshakeSessions();
    NoiseSession peer = sessions[0];
    for (int run = 0; run < 200; run++) {
      Recorder recorder = new Recorder();
      EmbeddedChannel ch = new EmbeddedChannel(new NoiseTransportHandler(sessions[1]), recorder);
      byte[] frame = new byte[2 + 16 + random.nextInt(40)];
      random.nextBytes(frame);
      if (run % 2 == 0) {
        byte[] plain = new byte[frame.length - 18];
        byte[] cipher = new byte[plain.length + 16];
        peer.sender().encrypt(new byte[0], plain, 0, plain.length, cipher, 0);
        cipher[random.nextInt(cipher.length)] ^= 1;
        System.arraycopy(cipher, 0, frame, 2, cipher.length);
      }
      frame[0] = (byte) ((frame.length - 2) >>> 8);
      frame[1] = (byte) (frame.length - 2);
      ch.writeInbound(Unpooled.wrappedBuffer(frame));

      assertThat(recorder.errors).singleElement().isInstanceOf(ProtocolViolationException.class);
      assertThat(ch.isActive()).isFalse();
      ch.finishAndReleaseAll();
    }
  }

  /**
   * Who is attacked: a node reading a forged record. After refusing it, the rest of the buffer is
   * no longer aligned to records; decoding it again as the channel closes misread the forged body
   * as a new length and reported a second, made-up violation ("frame of 8 bytes").
   */
  @Test
  void shouldDropWhatFollowsAForgedNoiseRecord() {
    NoiseSession session = handshakeSessions()[1];
    Recorder recorder = new Recorder();
    EmbeddedChannel ch = new EmbeddedChannel(new NoiseTransportHandler(session), recorder);
    byte[] frame = new byte[2 + 18];
    random.nextBytes(frame);
    frame[0] = 0;
    frame[1] = 18;
    frame[2] = 0; // the forged body starts like a record too short for its tag
    frame[3] = 8;

    ch.writeInbound(Unpooled.wrappedBuffer(frame));

    assertThat(recorder.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("failed authentication");
    assertThat(ch.isActive()).isFalse();
    ch.finishAndReleaseAll();
  }

  /**
   * Who is attacked: a responder sent a malformed first handshake message pipelined with a valid
   * one. Once the handshake failed, the second message must not start a new handshake (and a reply
   * on a connection already refused).
   */
  @Test
  void shouldNotDecodeHandshakeMessagesAfterAFailedOne() {
    Recorder recorder = new Recorder();
    List<Object> writes = new ArrayList<>(); // seen on the way out, even once the channel is closed
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                writes.add(msg);
                ctx.write(msg, promise);
              }
            },
            new NoiseHandshakeHandler(
                NoiseHandshake.responder(PrivateKey.generateEd25519(), List.of()),
                false,
                (ctx, s) -> {}),
            recorder);
    byte[] good = NoiseHandshake.initiator(PrivateKey.generateEd25519(), null, List.of()).start();
    ByteBuf in = Unpooled.buffer();
    in.writeShort(5).writeBytes(new byte[5]); // shorter than an ephemeral key
    in.writeShort(good.length).writeBytes(good);

    ch.writeInbound(in);

    assertThat(recorder.errors).singleElement().isInstanceOf(ProtocolViolationException.class);
    assertThat(writes).isEmpty();
    ch.finishAndReleaseAll();
  }

  /** Both ends of a completed XX handshake: the initiator's session, then the responder's. */
  private static NoiseSession[] handshakeSessions() {
    NoiseHandshake i = NoiseHandshake.initiator(PrivateKey.generateEd25519(), null, List.of());
    NoiseHandshake r = NoiseHandshake.responder(PrivateKey.generateEd25519(), List.of());
    i.onMessage(r.onMessage(i.start()).orElseThrow()).ifPresent(m3 -> r.onMessage(m3));
    return new NoiseSession[] {i.session(), r.session()};
  }
}
