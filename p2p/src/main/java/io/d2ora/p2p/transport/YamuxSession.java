package io.d2ora.p2p.transport;

import io.d2ora.p2p.LimitExceededException;
import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.yamux.YamuxHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The yamux session on one secured channel: decodes frames, keeps the stream table, enforces the
 * stream limit and flow control, answers pings, and writes frames for its streams. Event-loop
 * confined.
 */
final class YamuxSession extends FailFastDecoder {
  static final String PROTOCOL_ID = "/yamux/1.0.0";

  private final boolean client;
  private final int maxStreams;
  private final int maxWindow;
  private final Map<Integer, YamuxStream> streams = new HashMap<>();
  private final StreamAcceptor acceptor;
  private final byte[] headerBytes = new byte[YamuxHeader.SIZE];
  private ChannelHandlerContext ctx;
  private NettyConnection connection;
  private int nextStreamId;
  private boolean goAwayReceived;
  private boolean goAwaySent;

  /** Receives inbound streams once their SYN arrived. */
  interface StreamAcceptor {
    void accept(YamuxStream stream);
  }

  YamuxSession(boolean client, int maxStreams, int maxWindow, StreamAcceptor acceptor) {
    this.client = client;
    this.maxStreams = maxStreams;
    this.maxWindow = maxWindow;
    this.acceptor = acceptor;
    this.nextStreamId = client ? 1 : 2;
    setCumulator(COMPOSITE_CUMULATOR);
  }

  void bind(NettyConnection connection) {
    this.connection = connection;
  }

  NettyConnection connection() {
    return connection;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  // ---- decoding ----

  @Override
  protected void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= YamuxHeader.SIZE && ctx.channel().isActive()) {
      in.getBytes(in.readerIndex(), headerBytes);
      YamuxHeader h = YamuxHeader.decode(headerBytes, 0);
      if (h.type() == YamuxHeader.TYPE_DATA) {
        if (h.length() > maxWindow) {
          throw new ProtocolViolationException(
              "yamux data frame of " + h.length() + " bytes exceeds the window limit " + maxWindow);
        }
        if (in.readableBytes() < YamuxHeader.SIZE + h.length()) {
          return;
        }
        in.skipBytes(YamuxHeader.SIZE);
        byte[] payload = new byte[(int) h.length()];
        in.readBytes(payload);
        onStreamFrame(h, payload);
      } else {
        in.skipBytes(YamuxHeader.SIZE);
        onFrame(h);
      }
    }
  }

  private void onFrame(YamuxHeader h) {
    switch (h.type()) {
      case YamuxHeader.TYPE_PING -> {
        if (h.has(YamuxHeader.FLAG_SYN)) {
          writeControl(YamuxHeader.TYPE_PING, YamuxHeader.FLAG_ACK, 0, h.length());
          flush();
        }
      }
      case YamuxHeader.TYPE_GO_AWAY -> goAwayReceived = true;
      default -> onStreamFrame(h, null);
    }
  }

  private void onStreamFrame(YamuxHeader h, byte[] payload) {
    int id = h.streamId();
    if (id == 0) {
      throw new ProtocolViolationException("yamux stream frame on stream 0");
    }
    YamuxStream stream = streams.get(id);
    if (h.has(YamuxHeader.FLAG_SYN)) {
      if (stream != null) {
        throw new ProtocolViolationException("yamux SYN for open stream " + id);
      }
      if (((id & 1) == 1) == client) {
        throw new ProtocolViolationException("yamux peer opened stream " + id + " of our parity");
      }
      stream = acceptInbound(id);
      if (stream == null) {
        return;
      }
    }
    if (stream == null) {
      return; // a frame for a stream we already reset: in flight, harmless
    }
    if (h.type() == YamuxHeader.TYPE_WINDOW_UPDATE) {
      stream.onWindowUpdate(h.length());
    } else if (payload.length > 0) {
      stream.onData(payload);
    }
    if (h.has(YamuxHeader.FLAG_RST)) {
      stream.onRemoteReset("stream reset by peer");
    } else if (h.has(YamuxHeader.FLAG_FIN)) {
      stream.onRemoteFin();
    }
  }

  private YamuxStream acceptInbound(int id) {
    if (streams.size() >= maxStreams || goAwaySent) {
      writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_RST, id, 0);
      flush();
      return null;
    }
    YamuxStream stream = new YamuxStream(this, id, false, maxWindow);
    streams.put(id, stream);
    writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_ACK, id, 0);
    flush();
    acceptor.accept(stream);
    return stream;
  }

  // ---- streams ----

  /** Opens an outbound stream (event loop); the SYN goes out at once, we never wait for ACK. */
  YamuxStream open() {
    if (goAwayReceived || goAwaySent || !ctx.channel().isActive()) {
      throw new P2PException("connection to " + connection.remotePeer() + " is closing");
    }
    if (streams.size() >= maxStreams) {
      throw new LimitExceededException(
          "stream limit of "
              + maxStreams
              + " reached on the connection to "
              + connection.remotePeer());
    }
    int id = nextStreamId;
    nextStreamId += 2;
    YamuxStream stream = new YamuxStream(this, id, true, maxWindow);
    streams.put(id, stream);
    writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_SYN, id, 0);
    return stream;
  }

  void remove(YamuxStream stream) {
    streams.remove(stream.id(), stream);
  }

  int streamCount() {
    return streams.size();
  }

  /** Sends GoAway; the caller closes the channel after it is flushed. */
  ChannelFuture goAway(int code) {
    goAwaySent = true;
    ChannelFuture f = writeControl(YamuxHeader.TYPE_GO_AWAY, 0, 0, code);
    flush();
    return f;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    for (YamuxStream s : new ArrayList<>(streams.values())) {
      s.onConnectionClosed();
    }
    streams.clear();
    super.channelInactive(ctx);
  }

  // ---- writing (event loop) ----

  ChannelFuture writeData(int id, byte[] data, int offset, int length) {
    byte[] header = new YamuxHeader(YamuxHeader.TYPE_DATA, 0, id, length).encode();
    return ctx.write(
        Unpooled.wrappedBuffer(
            Unpooled.wrappedBuffer(header), Unpooled.wrappedBuffer(data, offset, length)));
  }

  ChannelFuture writeControl(int type, int flags, int id, long length) {
    return ctx.write(Unpooled.wrappedBuffer(new YamuxHeader(type, flags, id, length).encode()));
  }

  void flush() {
    ctx.flush();
  }

  void execute(Runnable task) {
    if (ctx.executor().inEventLoop()) {
      task.run();
    } else {
      ctx.executor().execute(task);
    }
  }

  void schedule(Runnable task, long delayMillis) {
    ctx.executor().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
  }
}
