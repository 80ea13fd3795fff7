package io.d2ora.p2p.discovery;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The subset of DNS messages (RFC 1035 section 4) that libp2p mDNS needs: questions, and PTR / TXT
 * records (other types are carried as opaque bytes). Decoding is defensive: name compression
 * pointers may only point backwards and at most {@value #MAX_POINTERS} times, counts are bounded by
 * the datagram, and any inconsistency is an {@link IllegalArgumentException}.
 *
 * <pre>
 * header   id(2) flags(2) qdcount(2) ancount(2) nscount(2) arcount(2)
 * question name type(2) class(2)
 * record   name type(2) class(2) ttl(4) rdlength(2) rdata
 * name     (len(1) label)* 0  |  pointer: 11xxxxxx xxxxxxxx (14-bit offset)
 * PTR      rdata = name;  TXT rdata = (len(1) string)*
 * </pre>
 */
record DnsMessage(
    boolean response, List<Question> questions, List<Record> answers, List<Record> additionals) {
  static final int TYPE_PTR = 12;
  static final int TYPE_TXT = 16;
  static final int CLASS_IN = 1;
  static final int MAX_DATAGRAM = 9000;
  private static final int MAX_POINTERS = 16;
  private static final int FLAG_RESPONSE_AUTHORITATIVE = 0x8400;

  record Question(String name, int type) {}

  /** A record; {@code target} for PTR, {@code strings} for TXT, else both empty. */
  record Record(String name, int type, long ttl, String target, List<String> strings) {
    static Record ptr(String name, String target, long ttl) {
      return new Record(name, TYPE_PTR, ttl, target, List.of());
    }

    static Record txt(String name, List<String> strings, long ttl) {
      return new Record(name, TYPE_TXT, ttl, "", List.copyOf(strings));
    }
  }

  static DnsMessage query(String name, int type) {
    return new DnsMessage(false, List.of(new Question(name, type)), List.of(), List.of());
  }

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeShort(out, 0);
    writeShort(out, response ? FLAG_RESPONSE_AUTHORITATIVE : 0);
    writeShort(out, questions.size());
    writeShort(out, answers.size());
    writeShort(out, 0);
    writeShort(out, additionals.size());
    for (Question q : questions) {
      writeName(out, q.name());
      writeShort(out, q.type());
      writeShort(out, CLASS_IN);
    }
    for (Record r : answers) {
      writeRecord(out, r);
    }
    for (Record r : additionals) {
      writeRecord(out, r);
    }
    return out.toByteArray();
  }

  private static void writeRecord(ByteArrayOutputStream out, Record r) {
    writeName(out, r.name());
    writeShort(out, r.type());
    writeShort(out, CLASS_IN);
    writeShort(out, (int) (r.ttl() >>> 16));
    writeShort(out, (int) r.ttl());
    ByteArrayOutputStream rdata = new ByteArrayOutputStream();
    if (r.type() == TYPE_PTR) {
      writeName(rdata, r.target());
    } else if (r.type() == TYPE_TXT) {
      for (String s : r.strings()) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
          throw new IllegalArgumentException("TXT string over 255 bytes: " + s);
        }
        rdata.write(bytes.length);
        rdata.writeBytes(bytes);
      }
    }
    writeShort(out, rdata.size());
    out.writeBytes(rdata.toByteArray());
  }

  private static void writeName(ByteArrayOutputStream out, String name) {
    for (String label : name.split("\\.")) {
      byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
      if (bytes.length == 0 || bytes.length > 63) {
        throw new IllegalArgumentException("DNS label must be 1..63 bytes: '" + label + "'");
      }
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    out.write(0);
  }

  private static void writeShort(ByteArrayOutputStream out, int v) {
    out.write((v >>> 8) & 0xff);
    out.write(v & 0xff);
  }

  static DnsMessage decode(byte[] datagram, int length) {
    try {
      ByteBuffer in = ByteBuffer.wrap(datagram, 0, length);
      in.getShort();
      boolean response = (in.getShort() & 0x8000) != 0;
      int qd = in.getShort() & 0xffff;
      int an = in.getShort() & 0xffff;
      int ns = in.getShort() & 0xffff;
      int ar = in.getShort() & 0xffff;
      if (qd + an + ns + ar > length / 5) {
        throw new IllegalArgumentException("record counts exceed what the datagram can hold");
      }
      List<Question> questions = new ArrayList<>();
      for (int i = 0; i < qd; i++) {
        String name = readName(in);
        int type = in.getShort() & 0xffff;
        in.getShort();
        questions.add(new Question(name, type));
      }
      List<Record> answers = readRecords(in, an);
      readRecords(in, ns);
      List<Record> additionals = readRecords(in, ar);
      return new DnsMessage(response, questions, answers, additionals);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated DNS message", e);
    }
  }

  private static List<Record> readRecords(ByteBuffer in, int count) {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = readName(in);
      int type = in.getShort() & 0xffff;
      in.getShort();
      long ttl = in.getInt() & 0xffffffffL;
      int rdlength = in.getShort() & 0xffff;
      if (rdlength > in.remaining()) {
        throw new IllegalArgumentException("rdata length " + rdlength + " beyond datagram");
      }
      int end = in.position() + rdlength;
      String target = "";
      List<String> strings = new ArrayList<>();
      if (type == TYPE_PTR) {
        target = readName(in);
      } else if (type == TYPE_TXT) {
        while (in.position() < end) {
          int len = in.get() & 0xff;
          if (in.position() + len > end) {
            throw new IllegalArgumentException("TXT string beyond its record");
          }
          byte[] s = new byte[len];
          in.get(s);
          strings.add(new String(s, StandardCharsets.UTF_8));
        }
      }
      in.position(end);
      out.add(new Record(name, type, ttl, target, strings));
    }
    return out;
  }

  /** Reads a possibly compressed name; pointers must go backwards, at most MAX_POINTERS. */
  private static String readName(ByteBuffer in) {
    StringBuilder name = new StringBuilder();
    int position = in.position();
    int resumeAt = -1;
    int pointers = 0;
    while (true) {
      int len = in.get(position) & 0xff;
      if ((len & 0xc0) == 0xc0) {
        int target = ((len & 0x3f) << 8) | (in.get(position + 1) & 0xff);
        if (++pointers > MAX_POINTERS || target >= position) {
          throw new IllegalArgumentException("bad DNS name compression pointer");
        }
        if (resumeAt < 0) {
          resumeAt = position + 2;
        }
        position = target;
      } else if (len == 0) {
        in.position(resumeAt >= 0 ? resumeAt : position + 1);
        return name.toString();
      } else if (len > 63) {
        throw new IllegalArgumentException("DNS label length " + len);
      } else {
        byte[] label = new byte[len];
        in.get(position + 1, label);
        if (!name.isEmpty()) {
          name.append('.');
        }
        name.append(new String(label, StandardCharsets.UTF_8));
        position += 1 + len;
        if (name.length() > 255) {
          throw new IllegalArgumentException("DNS name longer than 255");
        }
      }
    }
  }
}
