package io.d2ora.p2p.multistream;

import io.d2ora.p2p.ProtocolNotSupportedException;
import io.d2ora.p2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * Negotiates one protocol. Initiator: sends the header and its first proposal at once, moves to the
 * next proposal on {@code na}. Responder: sends the header, echoes a supported proposal, answers
 * {@code na} otherwise. Both sides consume only negotiation messages from the input, so bytes the
 * peer pipelined after them remain for the next layer. Not thread-safe.
 */
public final class MultistreamNegotiator {
  /** Proposals a responder answers before giving up on the peer. */
  public static final int MAX_PROPOSALS = 32;

  private final boolean initiator;
  private final Deque<String> proposals;
  private final Predicate<String> supported;
  private boolean headerReceived;
  private int answered;
  private String selected;

  private MultistreamNegotiator(
      boolean initiator, List<String> proposals, Predicate<String> supported) {
    this.initiator = initiator;
    this.proposals = new ArrayDeque<>(proposals);
    this.supported = supported;
  }

  /** Proposes {@code protocols} in order of preference. */
  public static MultistreamNegotiator initiator(List<String> protocols) {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("at least one protocol must be proposed");
    }
    return new MultistreamNegotiator(true, protocols, p -> false);
  }

  /** Accepts the first proposal {@code supported} approves. */
  public static MultistreamNegotiator responder(Predicate<String> supported) {
    return new MultistreamNegotiator(false, List.of(), supported);
  }

  /** The bytes to send first: the header, plus the first proposal when initiating. */
  public byte[] start() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MultistreamCodec.encode(MultistreamCodec.PROTOCOL_ID));
    if (initiator) {
      out.writeBytes(MultistreamCodec.encode(proposals.peekFirst()));
    }
    return out.toByteArray();
  }

  /**
   * Consumes complete messages from {@code in} until negotiation ends or more bytes are needed.
   *
   * @param out receives the bytes to send in reply
   * @return the selected protocol, or {@code null} while negotiation continues
   * @throws ProtocolNotSupportedException when the remote refused every proposal
   * @throws ProtocolViolationException on malformed messages or a wrong header
   */
  public String onBytes(ByteBuffer in, ByteArrayOutputStream out) {
    while (selected == null) {
      String msg = MultistreamCodec.decode(in);
      if (msg == null) {
        return null;
      }
      if (!headerReceived) {
        if (!msg.equals(MultistreamCodec.PROTOCOL_ID)) {
          throw new ProtocolViolationException("expected multistream header, got '" + msg + "'");
        }
        headerReceived = true;
      } else if (initiator) {
        onAnswer(msg, out);
      } else {
        onProposal(msg, out);
      }
    }
    return selected;
  }

  public String selected() {
    return selected;
  }

  private void onAnswer(String msg, ByteArrayOutputStream out) {
    String proposed = proposals.peekFirst();
    if (msg.equals(proposed)) {
      selected = proposed;
    } else if (msg.equals(MultistreamCodec.NA)) {
      proposals.removeFirst();
      if (proposals.isEmpty()) {
        throw new ProtocolNotSupportedException("remote refused every proposed protocol");
      }
      out.writeBytes(MultistreamCodec.encode(proposals.peekFirst()));
    } else {
      throw new ProtocolViolationException(
          "multistream answer '" + msg + "' is neither '" + proposed + "' nor na");
    }
  }

  private void onProposal(String msg, ByteArrayOutputStream out) {
    if (++answered > MAX_PROPOSALS) {
      throw new ProtocolViolationException("more than " + MAX_PROPOSALS + " multistream proposals");
    }
    if (!msg.equals("ls") && supported.test(msg)) {
      selected = msg;
      out.writeBytes(MultistreamCodec.encode(msg));
    } else {
      out.writeBytes(MultistreamCodec.encode(MultistreamCodec.NA));
    }
  }
}
