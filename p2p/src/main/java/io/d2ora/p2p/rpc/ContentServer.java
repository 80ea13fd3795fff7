package io.d2ora.p2p.rpc;

import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.StreamListener;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.stream.LengthPrefixed;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of {@link ContentExchange}: reads one request per stream, takes a slot ({@link
 * ServeSlots}: global, per peer, none while penalised), looks the content up on the executor and
 * streams it one chunk at a time, each chunk waiting for the previous one to reach the socket.
 *
 * <p>Slow-loris guard: a request must arrive within {@code stallTimeout}, each chunk must be taken
 * by the reader within {@code stallTimeout} (yamux flow control holds it back while the reader does
 * not read), and the whole response within {@code requestTimeout}. Otherwise the stream is reset,
 * the slot freed, the peer reported as misbehaving and refused for {@code stallPenalty}.
 */
final class ContentServer {
  private static final Logger LOG = LoggerFactory.getLogger(ContentServer.class);
  static final int CHUNK_BYTES = 1 << 20;

  private final P2PNetwork network;
  private final ContentSource source;
  private final ContentExchangeConfig config;
  private final Executor executor;
  private final ServeSlots slots;
  private final List<ServeListener> listeners = new CopyOnWriteArrayList<>();

  ContentServer(
      P2PNetwork network, ContentSource source, ContentExchangeConfig config, Executor executor) {
    this.network = network;
    this.source = source;
    this.config = config;
    this.executor = executor;
    this.slots =
        new ServeSlots(
            config.maxConcurrentServes(),
            config.maxConcurrentServesPerPeer(),
            config.stallPenalty().toNanos(),
            System::nanoTime);
  }

  void addListener(ServeListener listener) {
    listeners.add(listener);
  }

  private void tell(ServeListener.Answer answer) {
    listeners.forEach(l -> l.answered(answer));
  }

  void onRequest(P2PStream stream) {
    AtomicBoolean answered = new AtomicBoolean();
    LengthPrefixed reader = new LengthPrefixed(ContentWire.MAX_HASH_BYTES);
    CompletableFuture.delayedExecutor(config.stallTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              if (answered.compareAndSet(false, true)) {
                stalled(stream, "sent no request within " + config.stallTimeout());
              }
            });
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            if (answered.get()) {
              return;
            }
            List<byte[]> messages;
            try {
              messages = reader.feed(data);
            } catch (ProtocolViolationException e) {
              if (answered.compareAndSet(false, true)) {
                tell(ServeListener.Answer.BAD_REQUEST);
                reply(stream, ContentWire.BAD_REQUEST);
                network.reportMisbehavior(
                    stream.remotePeer(), ContentExchange.PROTOCOL_ID, e.getMessage());
              }
              return;
            }
            if (!messages.isEmpty() && answered.compareAndSet(false, true)) {
              answer(stream, messages.get(0));
            }
          }
        });
  }

  private void answer(P2PStream stream, byte[] requested) {
    if (requested.length == 0) {
      tell(ServeListener.Answer.BAD_REQUEST);
      reply(stream, ContentWire.BAD_REQUEST);
      return;
    }
    PeerId peer = stream.remotePeer();
    switch (slots.tryAcquire(peer)) {
      case GRANTED -> {}
      case BUSY, REFUSED -> {
        tell(ServeListener.Answer.BUSY);
        reply(stream, ContentWire.BUSY);
        return;
      }
    }
    Serve serve = new Serve(stream, System.nanoTime() + config.requestTimeout().toNanos());
    CompletableFuture.supplyAsync(() -> source.find(requested), executor)
        .whenComplete(
            (found, error) -> {
              if (error != null
                  || found.isEmpty()
                  || found.get().length > config.maxContentBytes()) {
                if (error != null) {
                  LOG.warn("looking up requested content failed: {}", error.toString());
                }
                tell(ServeListener.Answer.NOT_FOUND);
                reply(stream, ContentWire.NOT_FOUND);
                serve.end();
                return;
              }
              byte[] content = found.get();
              tell(ServeListener.Answer.CONTENT);
              stream.write(ContentWire.responseHeader(ContentWire.OK, content.length));
              serve.writeFrom(content, 0);
            });
  }

  /** One response in flight; holds its slot until {@link #end()}. */
  private final class Serve {
    private final P2PStream stream;
    private final long deadline;
    private final AtomicBoolean ended = new AtomicBoolean();

    Serve(P2PStream stream, long deadline) {
      this.stream = stream;
      this.deadline = deadline;
    }

    void writeFrom(byte[] content, int offset) {
      if (offset >= content.length) {
        stream
            .closeWrite()
            .copy()
            .orTimeout(config.stallTimeout().toNanos(), TimeUnit.NANOSECONDS)
            .whenComplete((v, e) -> end());
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        stall("took more than " + config.requestTimeout() + " to read the response");
        return;
      }
      int n = Math.min(CHUNK_BYTES, content.length - offset);
      long wait = Math.min(left, config.stallTimeout().toNanos());
      // A copy, so that the timeout does not complete the stream's own future.
      stream
          .write(content, offset, n)
          .copy()
          .orTimeout(wait, TimeUnit.NANOSECONDS)
          .whenComplete(
              (v, e) -> {
                if (e instanceof TimeoutException) {
                  stall("took no " + n + " bytes of the response within " + config.stallTimeout());
                } else if (e != null) {
                  end(); // reset by the peer or the connection closed: not an offence
                } else {
                  listeners.forEach(l -> l.served(n));
                  writeFrom(content, offset + n);
                }
              });
    }

    private void stall(String what) {
      if (ended.get()) {
        return;
      }
      stalled(stream, what);
      end();
    }

    void end() {
      if (ended.compareAndSet(false, true)) {
        slots.release(stream.remotePeer());
      }
    }
  }

  private void stalled(P2PStream stream, String what) {
    PeerId peer = stream.remotePeer();
    tell(ServeListener.Answer.STALLED);
    stream.reset();
    slots.penalise(peer);
    network.reportMisbehavior(peer, ContentExchange.PROTOCOL_ID, "requester " + what);
  }

  private static void reply(P2PStream stream, int status) {
    stream.write(ContentWire.responseHeader(status, 0));
    stream.closeWrite();
  }

  /** Serving slots in use (for tests and metrics). */
  int serving() {
    return slots.inUse();
  }
}
