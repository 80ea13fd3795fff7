package io.d2ora.p2p.transport;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.noise.CipherState;
import io.d2ora.p2p.noise.NoiseSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
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
 * Outbound plaintext is gathered until flush and then cut into maximal frames, so small yamux
 * frames share one record and one syscall. The write promises complete when the batch is written.
 */
final class NoiseTransportHandler extends ByteToMessageDecoder implements ChannelOutboundHandler {
  static final int MAX_FRAME = 65535;
  static final int MAX_PLAINTEXT = MAX_FRAME - CipherState.TAG_BYTES;
  private static final byte[] NO_AD = new byte[0];

  private final CipherState sender;
  private final CipherState receiver;
  private final byte[] scratch = new byte[MAX_FRAME];
  private ByteBuf pending;
  private final List<ChannelPromise> pendingPromises = new ArrayList<>();

  NoiseTransportHandler(NoiseSession session) {
    this.sender = session.sender();
    this.receiver = session.receiver();
  }

  // ---- inbound ----

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.write(msg, promise);
      return;
    }
    try {
      if (pending == null) {
        pending = ctx.alloc().heapBuffer(Math.max(buf.readableBytes(), 4096));
      }
      pending.writeBytes(buf);
      pendingPromises.add(promise);
    } finally {
      buf.release();
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (pending != null) {
      ByteBuf plain = pending;
      List<ChannelPromise> promises = new ArrayList<>(pendingPromises);
      pending = null;
      pendingPromises.clear();
      ByteBuf cipher;
      try {
        cipher = encrypt(ctx, plain);
      } finally {
        plain.release();
      }
      ctx.write(cipher)
          .addListener(
              f -> {
                for (ChannelPromise p : promises) {
                  if (f.isSuccess()) {
                    p.trySuccess();
                  } else {
                    p.tryFailure(f.cause());
                  }
                }
              });
    }
    ctx.flush();
  }

  private ByteBuf encrypt(ChannelHandlerContext ctx, ByteBuf plain) {
    int total = plain.readableBytes();
    int frames = Math.max(1, (total + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT);
    ByteBuf out = ctx.alloc().heapBuffer(total + frames * (2 + CipherState.TAG_BYTES));
    byte[] src = plain.array();
    int off = plain.arrayOffset() + plain.readerIndex();
    int end = off + total;
    do {
      int n = Math.min(MAX_PLAINTEXT, end - off);
      out.writeShort(n + CipherState.TAG_BYTES);
      int written =
          sender.encrypt(NO_AD, src, off, n, out.array(), out.arrayOffset() + out.writerIndex());
      out.writerIndex(out.writerIndex() + written);
      off += n;
    } while (off < end);
    return out;
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (pending != null) {
      pending.release();
      pending = null;
      for (ChannelPromise p : pendingPromises) {
        p.tryFailure(new java.nio.channels.ClosedChannelException());
      }
      pendingPromises.clear();
    }
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
