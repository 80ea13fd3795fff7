package io.d2ora.p2p.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * A decoder that stops at its first failure. Once a frame is refused, the bytes after it are not
 * aligned to any frame (a length prefix may already be consumed) and the protocol state behind it
 * may be broken, so they are dropped, never decoded: Netty decodes what is left once more when the
 * channel closes, which would otherwise report a second, misleading violation from garbage.
 */
abstract class FailFastDecoder extends ByteToMessageDecoder {
  private boolean failed;

  @Override
  protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      decodeFrames(ctx, in, out);
    } catch (Exception | Error e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  /** Decodes what is whole in {@code in}; throwing ends decoding on this channel for good. */
  protected abstract void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception;
}
