package io.d2ora.p2p.multistream;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.multiformats.Varint;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One multistream-select message:
 *
 * <pre>
 * | uvarint n | n bytes: UTF-8 text | '\n' (counted in n) |
 * e.g. "na": 03 6e 61 0a
 * </pre>
 */
public final class MultistreamCodec {
  /** Longest message accepted (js-libp2p's protocol-id limit plus the newline). */
  public static final int MAX_MESSAGE_BYTES = 1024;

  public static final String PROTOCOL_ID = "/multistream/1.0.0";
  public static final String NA = "na";

  private MultistreamCodec() {}

  public static byte[] encode(String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    if (text.length + 1 > MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "multistream message of " + (text.length + 1) + " bytes exceeds " + MAX_MESSAGE_BYTES);
    }
    ByteBuffer out = ByteBuffer.allocate(Varint.size(text.length + 1) + text.length + 1);
    Varint.write(text.length + 1, out);
    out.put(text).put((byte) '\n');
    return out.array();
  }

  /**
   * Decodes one message from {@code in} if it holds a complete one, advancing its position past it;
   * otherwise leaves the position unchanged and returns {@code null}.
   *
   * @throws ProtocolViolationException for over-long messages, a missing newline or invalid UTF-8
   */
  public static String decode(ByteBuffer in) {
    int start = in.position();
    Varint.Partial len;
    if (in.hasArray()) {
      len = Varint.peek(in.array(), in.arrayOffset() + start, in.remaining());
    } else {
      byte[] head = new byte[Math.min(Varint.MAX_BYTES, in.remaining())];
      in.duplicate().get(head);
      len = Varint.peek(head, 0, head.length);
    }
    if (len == null) {
      return null;
    }
    if (len.value() > MAX_MESSAGE_BYTES || len.value() < 1) {
      throw new ProtocolViolationException(
          "multistream message length " + len.value() + " outside 1.." + MAX_MESSAGE_BYTES);
    }
    int n = (int) len.value();
    if (in.remaining() < len.bytes() + n) {
      return null;
    }
    in.position(start + len.bytes());
    byte[] body = new byte[n];
    in.get(body);
    if (body[n - 1] != '\n') {
      throw new ProtocolViolationException("multistream message does not end with a newline");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body, 0, n - 1))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolViolationException("multistream message is not UTF-8", e);
    }
  }
}
