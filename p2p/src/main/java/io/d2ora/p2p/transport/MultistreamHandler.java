package io.d2ora.p2p.transport;

import io.d2ora.p2p.multistream.MultistreamNegotiator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * multistream-select on a whole channel (for the security protocol and the muxer). Once a protocol
 * is selected it lets {@code next} install the following handler after itself and then removes
 * itself: {@link ByteToMessageDecoder} hands any bytes the peer pipelined to that handler.
 */
final class MultistreamHandler extends FailFastDecoder {
  private final MultistreamNegotiator negotiator;
  private final BiConsumer<ChannelHandlerContext, String> next;
  private boolean started;

  MultistreamHandler(
      MultistreamNegotiator negotiator, BiConsumer<ChannelHandlerContext, String> next) {
    this.negotiator = negotiator;
    this.next = next;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    start(ctx);
    super.channelActive(ctx);
  }

  private void start(ChannelHandlerContext ctx) {
    if (!started) {
      started = true;
      ctx.writeAndFlush(Unpooled.wrappedBuffer(negotiator.start()));
    }
  }

  @Override
  protected void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    ByteBuffer view = in.nioBuffer();
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    String selected;
    try {
      selected = negotiator.onBytes(view, reply);
    } finally {
      in.skipBytes(view.position());
      if (reply.size() > 0) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(reply.toByteArray()));
      }
    }
    if (selected != null) {
      next.accept(ctx, selected);
      ctx.pipeline().remove(this);
    }
  }
}
