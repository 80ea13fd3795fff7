package io.d2ora.p2p.pubsub;

import io.d2ora.p2p.P2PStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our one long-lived outbound pubsub stream to a peer (spec: streams are unidirectional and kept
 * open). Frames written before the stream is negotiated wait in order; once it is open they are
 * written in call order. Bytes queued but not yet on the socket are bounded: beyond the bound, new
 * frames are dropped (gossip is best-effort and the mesh repairs it) instead of growing memory for
 * a peer that does not read. Used on the pubsub thread, except for the write-completion counters.
 */
final class OutboundStream {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundStream.class);

  private final long maxQueuedBytes;
  private final AtomicLong queued = new AtomicLong();
  private List<byte[]> waiting = new ArrayList<>();
  private P2PStream stream;

  OutboundStream(long maxQueuedBytes) {
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** Queues a length-prefixed frame; false when dropped because the queue is full. */
  boolean write(byte[] frame) {
    if (queued.get() + frame.length > maxQueuedBytes) {
      LOG.debug("outbound pubsub queue full ({} bytes): dropping a frame", queued.get());
      return false;
    }
    queued.addAndGet(frame.length);
    if (stream == null) {
      waiting.add(frame);
    } else {
      send(frame);
    }
    return true;
  }

  /** The stream is negotiated: flush what waited, in order. */
  void opened(P2PStream opened) {
    this.stream = opened;
    List<byte[]> backlog = waiting;
    waiting = List.of();
    backlog.forEach(this::send);
  }

  boolean isOpen() {
    return stream != null;
  }

  String protocol() {
    return stream == null ? null : stream.protocol();
  }

  void reset() {
    if (stream != null) {
      stream.reset();
    }
  }

  private void send(byte[] frame) {
    stream.write(frame).whenComplete((ok, error) -> queued.addAndGet(-frame.length));
  }
}
