package io.d2ora.p2p.transport;

import io.d2ora.p2p.Connection;
import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.StreamListener;
import io.d2ora.p2p.StreamResetException;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.yamux.ReceiveWindow;
import io.d2ora.p2p.yamux.YamuxHeader;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A yamux stream. All state is confined to the connection's event loop; public methods hop onto it.
 * Incoming bytes go to the multistream negotiation first, then to the listener or input stream, or
 * wait in {@code unclaimed} until one is chosen.
 */
final class YamuxStream implements P2PStream {
  private static final Logger LOG = LoggerFactory.getLogger(YamuxStream.class);

  /**
   * Largest data frame we send. Receivers accept any frame within the window (js-libp2p's 64 KiB
   * maxMessageSize limits only its own sends); bigger frames mean fewer headers and callbacks, and
   * noise re-cuts the bytes into 64 KiB records anyway.
   */
  static final int MAX_DATA_FRAME = 256 * 1024;

  /** Flush at least this often within one large drain. */
  private static final int FLUSH_BYTES = 1 << 20;

  private final YamuxSession session;
  private final int id;
  private final boolean initiator;
  private final ReceiveWindow receiveWindow;
  private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
  private final ArrayDeque<byte[]> unclaimed = new ArrayDeque<>();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private final CompletableFuture<Void> closeWriteFuture = new CompletableFuture<>();
  private long sendWindow = YamuxHeader.INITIAL_WINDOW;
  private long unclaimedBytes;
  private StreamNegotiation negotiation;
  private String protocol = "";
  private StreamListener listener;
  private StreamInputStream input;
  private boolean writeClosed;
  private boolean finSent;
  private boolean remoteClosed;
  private boolean ended;
  private int unflushed;

  private record PendingWrite(byte[] data, int[] offset, int end, CompletableFuture<Void> done) {}

  YamuxStream(YamuxSession session, int id, boolean initiator, int maxWindow) {
    this.session = session;
    this.id = id;
    this.initiator = initiator;
    this.receiveWindow = new ReceiveWindow(maxWindow);
  }

  int id() {
    return id;
  }

  void startNegotiation(StreamNegotiation negotiation) {
    this.negotiation = negotiation;
    byte[] start = negotiation.start();
    writeInternal(start);
  }

  /** Called by the negotiation once a protocol is agreed; {@code leftover} was pipelined after. */
  void negotiated(String protocol, byte[] leftover) {
    this.protocol = protocol;
    this.negotiation = null;
    if (leftover.length > 0) {
      unclaimed.addFirst(leftover);
      unclaimedBytes += leftover.length;
    }
  }

  /** Sends negotiation bytes, outside the application's write queue. */
  void writeInternal(byte[] bytes) {
    if (bytes.length > 0) {
      write(bytes, 0, bytes.length);
    }
  }

  // ---- inbound frames (event loop) ----

  void onData(byte[] data) {
    receiveWindow.onReceived(data.length);
    if (ended || remoteClosed) {
      return; // late data after our reset or after their FIN: ignore
    }
    if (negotiation != null) {
      consumed(data.length);
      negotiation.onBytes(data);
      return;
    }
    deliver(data);
  }

  void onWindowUpdate(long delta) {
    sendWindow += delta;
    drain();
  }

  void onRemoteFin() {
    if (remoteClosed || ended) {
      return;
    }
    remoteClosed = true;
    if (negotiation != null) {
      negotiation.fail(new StreamResetException("stream closed during protocol negotiation"));
      reset();
      return;
    }
    if (listener != null) {
      notifyRemoteClose();
    } else if (input != null) {
      input.end();
    }
    checkFullyClosed();
  }

  void onRemoteReset(String reason) {
    terminate(new StreamResetException(reason), false);
  }

  // ---- delivery ----

  private void deliver(byte[] data) {
    if (listener != null) {
      try {
        listener.onData(data);
      } catch (RuntimeException e) {
        LOG.warn("stream listener of {} failed; resetting the stream", protocol, e);
        reset();
        return;
      }
      consumed(data.length);
    } else if (input != null) {
      input.offer(data);
    } else {
      unclaimed.addLast(data);
      unclaimedBytes += data.length;
    }
  }

  /** The application consumed {@code n} bytes: return window credit (event loop). */
  void consumed(int n) {
    int delta = receiveWindow.onConsumed(n);
    if (delta > 0 && !ended && !remoteClosed) {
      session.writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, 0, id, delta);
      session.flush();
    }
  }

  private void notifyRemoteClose() {
    try {
      listener.onRemoteClose();
    } catch (RuntimeException e) {
      LOG.warn("stream listener of {} failed on close", protocol, e);
    }
  }

  @Override
  public void setListener(StreamListener l) {
    Objects.requireNonNull(l, "listener");
    session.execute(
        () -> {
          if (listener != null || input != null) {
            throw new IllegalStateException("stream already has a reader");
          }
          listener = l;
          while (!unclaimed.isEmpty() && listener == l && !ended) {
            byte[] chunk = unclaimed.pollFirst();
            unclaimedBytes -= chunk.length;
            deliver(chunk);
          }
          if (ended) {
            l.onReset(new StreamResetException("stream " + protocol + " was reset"));
          } else if (remoteClosed) {
            notifyRemoteClose();
          }
        });
  }

  @Override
  public InputStream inputStream() {
    StreamInputStream in = new StreamInputStream(this);
    session.execute(
        () -> {
          if (listener != null || input != null) {
            in.fail(new StreamResetException("stream already has a reader"));
            return;
          }
          input = in;
          for (byte[] chunk : unclaimed) {
            in.offer(chunk);
          }
          unclaimed.clear();
          unclaimedBytes = 0;
          if (ended) {
            in.fail(new StreamResetException("stream " + protocol + " was reset"));
          } else if (remoteClosed) {
            in.end();
          }
        });
    return in;
  }

  // ---- writing ----

  @Override
  public CompletableFuture<Void> write(byte[] data) {
    return write(data, 0, data.length);
  }

  @Override
  public CompletableFuture<Void> write(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    CompletableFuture<Void> done = new CompletableFuture<>();
    session.execute(
        () -> {
          if (ended) {
            done.completeExceptionally(new StreamResetException("stream was reset"));
          } else if (writeClosed) {
            done.completeExceptionally(new P2PException("stream write side is closed"));
          } else {
            pending.add(new PendingWrite(data, new int[] {offset}, offset + length, done));
            drain();
          }
        });
    return done;
  }

  private void drain() {
    boolean wrote = false;
    while (!pending.isEmpty() && !ended) {
      PendingWrite w = pending.peekFirst();
      int remaining = w.end() - w.offset()[0];
      if (remaining > 0 && sendWindow <= 0) {
        break;
      }
      int n = (int) Math.min(Math.min(remaining, sendWindow), MAX_DATA_FRAME);
      var future = session.writeData(id, w.data(), w.offset()[0], n);
      wrote = true;
      unflushed += n;
      if (unflushed >= FLUSH_BYTES) {
        session.flush(); // let the socket start on large bursts while we keep encrypting
        unflushed = 0;
      }
      w.offset()[0] += n;
      sendWindow -= n;
      if (w.offset()[0] == w.end()) {
        pending.pollFirst();
        future.addListener(
            f -> {
              if (f.isSuccess()) {
                w.done().complete(null);
              } else {
                w.done()
                    .completeExceptionally(
                        new StreamResetException("connection failed", f.cause()));
              }
            });
      }
    }
    if (pending.isEmpty() && writeClosed && !finSent && !ended) {
      finSent = true;
      session
          .writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_FIN, id, 0)
          .addListener(f -> closeWriteFuture.complete(null));
      wrote = true;
      checkFullyClosed();
    }
    if (wrote) {
      session.flush();
      unflushed = 0;
    }
  }

  @Override
  public CompletableFuture<Void> closeWrite() {
    session.execute(
        () -> {
          if (ended) {
            closeWriteFuture.complete(null);
            return;
          }
          writeClosed = true;
          drain();
        });
    return closeWriteFuture;
  }

  @Override
  public void reset() {
    session.execute(() -> terminate(new StreamResetException("stream reset locally"), true));
  }

  /** The connection closed under the stream. */
  void onConnectionClosed() {
    terminate(new StreamResetException("connection closed"), false);
  }

  private void terminate(StreamResetException cause, boolean sendRst) {
    if (ended) {
      return;
    }
    boolean cleanlyClosed = finSent && remoteClosed;
    ended = true;
    if (sendRst && !cleanlyClosed) {
      session.writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_RST, id, 0);
      session.flush();
    }
    session.remove(this);
    for (PendingWrite w : pending) {
      w.done().completeExceptionally(cause);
    }
    pending.clear();
    unclaimed.clear();
    closeWriteFuture.complete(null);
    if (negotiation != null) {
      negotiation.fail(cause);
    }
    if (listener != null) {
      try {
        listener.onReset(cause);
      } catch (RuntimeException e) {
        LOG.warn("stream listener of {} failed on reset", protocol, e);
      }
    }
    if (input != null) {
      input.fail(cause);
    }
    closeFuture.completeExceptionally(cause);
  }

  private void checkFullyClosed() {
    if (finSent && remoteClosed && !ended) {
      ended = true;
      session.remove(this);
      closeFuture.complete(null);
    }
  }

  boolean isRemoteClosed() {
    return remoteClosed;
  }

  long unclaimedBytes() {
    return unclaimedBytes;
  }

  // ---- accessors ----

  @Override
  public PeerId remotePeer() {
    return session.connection().remotePeer();
  }

  @Override
  public Connection connection() {
    return session.connection();
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public boolean isInitiator() {
    return initiator;
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  void execute(Runnable task) {
    session.execute(task);
  }

  @Override
  public String toString() {
    return "YamuxStream[" + id + " " + protocol + " to " + remotePeer() + "]";
  }
}
