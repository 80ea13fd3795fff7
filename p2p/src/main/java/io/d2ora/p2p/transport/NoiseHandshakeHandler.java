package io.d2ora.p2p.transport;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.noise.NoiseHandshake;
import io.d2ora.p2p.noise.NoiseSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Runs the Noise XX handshake; every message carries a 2-byte big-endian length prefix. On
 * completion {@code next} installs the transport codec and the muxer negotiation after this
 * handler, which then removes itself (passing on any bytes already received).
 */
final class NoiseHandshakeHandler extends FailFastDecoder {
  static final String PROTOCOL_ID = "/noise";

  private final NoiseHandshake handshake;
  private final boolean initiator;
  private final BiConsumer<ChannelHandlerContext, NoiseSession> next;

  NoiseHandshakeHandler(
      NoiseHandshake handshake,
      boolean initiator,
      BiConsumer<ChannelHandlerContext, NoiseSession> next) {
    this.handshake = handshake;
    this.initiator = initiator;
    this.next = next;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (initiator) {
      send(ctx, handshake.start());
    }
  }

  @Override
  protected void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!handshake.isComplete() && in.readableBytes() >= 2) {
      int length = in.getUnsignedShort(in.readerIndex());
      if (in.readableBytes() < 2 + length) {
        return;
      }
      if (length == 0) {
        throw new ProtocolViolationException("empty noise handshake message");
      }
      in.skipBytes(2);
      byte[] message = new byte[length];
      in.readBytes(message);
      Optional<byte[]> reply = handshake.onMessage(message);
      reply.ifPresent(r -> send(ctx, r));
    }
    if (handshake.isComplete()) {
      next.accept(ctx, handshake.session());
      ctx.pipeline().remove(this);
    }
  }

  private static void send(ChannelHandlerContext ctx, byte[] message) {
    ByteBuf buf = ctx.alloc().heapBuffer(2 + message.length);
    buf.writeShort(message.length).writeBytes(message);
    ctx.writeAndFlush(buf);
  }
}
