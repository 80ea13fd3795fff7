package io.d2ora.p2p.transport;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.noise.CipherState;
import io.d2ora.p2p.noise.NoiseSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Noise transport messages after the handshake:
 *
 * <pre>
 * | length (2, big-endian, 16..65535) | ChaChaPoly ciphertext of up to 65519 bytes | tag (16) |
 * </pre>
 *
 * Outbound plaintext is packed into maximal records, so small yamux frames share one record and
 * large writes are encrypted as they are queued, in fixed 64 KiB buffers.
 */
final class NoiseTransportHandler extends FailFastDecoder implements ChannelOutboundHandler {
  static final int MAX_FRAME = 65535;
  static final int MAX_PLAINTEXT = MAX_FRAME - CipherState.TAG_BYTES;
  private static final byte[] NO_AD = new byte[0];

  private final CipherState sender;
  private final CipherState receiver;
  private final byte[] scratch = new byte[MAX_FRAME];
  private final byte[] plain = new byte[MAX_PLAINTEXT];
  private int plainLength;
  private List<ChannelPromise> waiting = new ArrayList<>();
  private ChannelFuture lastRecord;

  NoiseTransportHandler(NoiseSession session) {
    this.sender = session.sender();
    this.receiver = session.receiver();
  }

  // ---- inbound ----

  @Override
  protected void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= 2) {
      int length = in.getUnsignedShort(in.readerIndex());
      if (length < CipherState.TAG_BYTES) {
        throw new ProtocolViolationException(
            "noise frame of " + length + " bytes is shorter than its tag");
      }
      if (in.readableBytes() < 2 + length) {
        return;
      }
      in.skipBytes(2);
      ByteBuf plain = ctx.alloc().heapBuffer(length - CipherState.TAG_BYTES);
      try {
        byte[] src;
        int srcOff;
        if (in.hasArray()) {
          src = in.array();
          srcOff = in.arrayOffset() + in.readerIndex();
        } else {
          in.getBytes(in.readerIndex(), scratch, 0, length);
          src = scratch;
          srcOff = 0;
        }
        int n =
            receiver.decrypt(
                NO_AD,
                src,
                srcOff,
                length,
                plain.array(),
                plain.arrayOffset() + plain.writerIndex());
        plain.writerIndex(plain.writerIndex() + n);
        in.skipBytes(length);
      } catch (RuntimeException e) {
        plain.release();
        throw e;
      }
      if (plain.isReadable()) {
        out.add(plain);
      } else {
        plain.release();
      }
    }
  }

  // ---- outbound ----

  /**
   * Appends plaintext to the current record; each full record (65519 bytes) is encrypted and queued
   * at once, the partial one on flush. A write's promise completes with the record holding its last
   * byte.
   */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.write(msg, promise);
      return;
    }
    try {
      while (buf.isReadable()) {
        int n = Math.min(buf.readableBytes(), MAX_PLAINTEXT - plainLength);
        buf.readBytes(plain, plainLength, n);
        plainLength += n;
        if (plainLength == MAX_PLAINTEXT) {
          emitRecord(ctx);
        }
      }
    } finally {
      buf.release();
    }
    if (plainLength == 0 && lastRecord != null) {
      lastRecord.addListener(f -> complete(promise, f));
    } else {
      waiting.add(promise);
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (plainLength > 0) {
      emitRecord(ctx);
    }
    ctx.flush();
  }

  private void emitRecord(ChannelHandlerContext ctx) {
    ByteBuf out = ctx.alloc().heapBuffer(2 + plainLength + CipherState.TAG_BYTES);
    out.writeShort(plainLength + CipherState.TAG_BYTES);
    int written =
        sender.encrypt(
            NO_AD, plain, 0, plainLength, out.array(), out.arrayOffset() + out.writerIndex());
    out.writerIndex(out.writerIndex() + written);
    plainLength = 0;
    List<ChannelPromise> done = waiting;
    waiting = new ArrayList<>();
    lastRecord = ctx.write(out);
    if (!done.isEmpty()) {
      lastRecord.addListener(f -> done.forEach(p -> complete(p, f)));
    }
  }

  private static void complete(ChannelPromise p, io.netty.util.concurrent.Future<?> f) {
    if (f.isSuccess()) {
      p.trySuccess();
    } else {
      p.tryFailure(f.cause());
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    for (ChannelPromise p : waiting) {
      p.tryFailure(new java.nio.channels.ClosedChannelException());
    }
    waiting.clear();
    plainLength = 0;
  }

  // ---- pass-through outbound operations ----

  @Override
  public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
    ctx.bind(localAddress, promise);
  }

  @Override
  public void connect(
      ChannelHandlerContext ctx,
      SocketAddress remoteAddress,
      SocketAddress localAddress,
      ChannelPromise promise) {
    ctx.connect(remoteAddress, localAddress, promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    ctx.disconnect(promise);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    ctx.close(promise);
  }

  @Override
  public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
    ctx.deregister(promise);
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    ctx.read();
  }
}
