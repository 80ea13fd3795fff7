package io.d2ora.core.model.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the parts of an ONNX {@code ModelProto} that describe a graph, straight from the protobuf
 * wire format. Field numbers (onnx/onnx.proto, IR version 3 and later):
 *
 * <pre>
 * ModelProto     7 graph
 * GraphProto     1 node*  5 initializer*  11 input* (ValueInfoProto: 1 name)
 * NodeProto      1 input*  2 output*  3 name  4 op_type  5 attribute*
 * AttributeProto 1 name  2 f  3 i  5 t
 * TensorProto    1 dims* (int64)  2 data_type  4 float_data*  5 int32_data*  7 int64_data*
 *                8 name  9 raw_data (little-endian)  10 double_data*  14 data_location
 * </pre>
 *
 * Unknown fields are skipped. Tensors stored externally ({@code data_location = EXTERNAL}) are
 * rejected: the models this project loads keep their weights inline.
 */
public final class OnnxReader {
  private static final int MAX_DIMS = 8;

  private OnnxReader() {}

  public static OnnxGraph read(Path file) {
    try {
      return read(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ONNX file " + file, e);
    } catch (OnnxFormatException e) {
      throw new OnnxFormatException(file + ": " + e.getMessage(), e);
    }
  }

  public static OnnxGraph read(byte[] bytes) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.setSizeLimit(Integer.MAX_VALUE);
      // Nested messages and raw tensor data become views of `bytes`, not copies: the file is
      // ~90 MB, and copies of it made the heap grow to hundreds of MB while loading.
      in.enableAliasing(true);
      OnnxGraph graph = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == 7) {
          graph = readGraph(sub(in));
        } else {
          in.skipField(tag);
        }
      }
      if (graph == null) {
        throw new OnnxFormatException("no graph in the model");
      }
      return graph;
    } catch (IOException e) {
      throw new OnnxFormatException("malformed protobuf: " + e.getMessage(), e);
    }
  }

  private static CodedInputStream sub(CodedInputStream in) throws IOException {
    CodedInputStream s = CodedInputStream.newInstance(in.readByteBuffer());
    s.setSizeLimit(Integer.MAX_VALUE);
    s.enableAliasing(true);
    return s;
  }

  private static OnnxGraph readGraph(CodedInputStream in) throws IOException {
    List<OnnxNode> nodes = new ArrayList<>();
    Map<String, OnnxTensor> initializers = new HashMap<>();
    List<String> inputs = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> nodes.add(readNode(sub(in)));
        case 5 -> {
          OnnxTensor t = readTensor(sub(in));
          initializers.put(t.name(), t);
        }
        case 11 -> inputs.add(readValueInfoName(sub(in)));
        default -> in.skipField(tag);
      }
    }
    return new OnnxGraph(nodes, initializers, inputs);
  }

  private static String readValueInfoName(CodedInputStream in) throws IOException {
    String name = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 1) {
        name = in.readStringRequireUtf8();
      } else {
        in.skipField(tag);
      }
    }
    return name;
  }

  private static OnnxNode readNode(CodedInputStream in) throws IOException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    Map<String, OnnxAttribute> attributes = new HashMap<>();
    String name = "";
    String opType = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> inputs.add(in.readStringRequireUtf8());
        case 2 -> outputs.add(in.readStringRequireUtf8());
        case 3 -> name = in.readStringRequireUtf8();
        case 4 -> opType = in.readStringRequireUtf8();
        case 5 -> {
          OnnxAttribute a = readAttribute(sub(in));
          attributes.put(a.name(), a);
        }
        default -> in.skipField(tag);
      }
    }
    return new OnnxNode(name, opType, inputs, outputs, attributes);
  }

  private static OnnxAttribute readAttribute(CodedInputStream in) throws IOException {
    String name = "";
    float f = 0;
    long i = 0;
    OnnxTensor t = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> name = in.readStringRequireUtf8();
        case 2 -> f = in.readFloat();
        case 3 -> i = in.readInt64();
        case 5 -> t = readTensor(sub(in));
        default -> in.skipField(tag);
      }
    }
    return new OnnxAttribute(name, f, i, t);
  }

  private static OnnxTensor readTensor(CodedInputStream in) throws IOException {
    List<Long> dims = new ArrayList<>();
    TensorFields fields = new TensorFields();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      switch (field) {
        case 1 -> readLongs(in, packed, dims, false);
        case 2 -> fields.dataType = in.readInt32();
        case 4 -> readFloats(in, packed, fields.floatData);
        case 5 -> readLongs(in, packed, fields.intData, true);
        case 7 -> readLongs(in, packed, fields.intData, false);
        case 8 -> fields.name = in.readStringRequireUtf8();
        case 9 -> fields.raw = in.readByteBuffer();
        case 10 -> readDoubles(in, packed, fields.floatData);
        case 14 -> fields.external = in.readInt32() == 1;
        default -> in.skipField(tag);
      }
    }
    return fields.build(dims);
  }

  private static void readLongs(CodedInputStream in, boolean packed, List<Long> out, boolean i32)
      throws IOException {
    if (!packed) {
      out.add(i32 ? in.readInt32() : in.readInt64());
      return;
    }
    int limit = in.pushLimit(in.readRawVarint32());
    while (in.getBytesUntilLimit() > 0) {
      out.add(i32 ? in.readInt32() : in.readInt64());
    }
    in.popLimit(limit);
  }

  private static void readFloats(CodedInputStream in, boolean packed, List<Double> out)
      throws IOException {
    if (!packed) {
      out.add((double) in.readFloat());
      return;
    }
    int limit = in.pushLimit(in.readRawVarint32());
    while (in.getBytesUntilLimit() > 0) {
      out.add((double) in.readFloat());
    }
    in.popLimit(limit);
  }

  private static void readDoubles(CodedInputStream in, boolean packed, List<Double> out)
      throws IOException {
    if (!packed) {
      out.add(in.readDouble());
      return;
    }
    int limit = in.pushLimit(in.readRawVarint32());
    while (in.getBytesUntilLimit() > 0) {
      out.add(in.readDouble());
    }
    in.popLimit(limit);
  }

  /** Accumulates a tensor's fields, then checks the data against the shape before copying it. */
  private static final class TensorFields {
    String name = "";
    int dataType;
    boolean external;
    ByteBuffer raw;
    final List<Double> floatData = new ArrayList<>();
    final List<Long> intData = new ArrayList<>();

    OnnxTensor build(List<Long> dimList) {
      if (external) {
        throw new OnnxFormatException("tensor '" + name + "' uses external data; not supported");
      }
      if (dimList.size() > MAX_DIMS) {
        throw new OnnxFormatException("tensor '" + name + "' has " + dimList.size() + " dims");
      }
      long[] dims = dimList.stream().mapToLong(Long::longValue).toArray();
      long size = 1;
      for (long d : dims) {
        if (d < 0 || (d > 0 && size > Integer.MAX_VALUE / d)) {
          throw new OnnxFormatException("tensor '" + name + "' has a bad shape: " + dimList);
        }
        size *= d;
      }
      return switch (dataType) {
        case OnnxTensor.FLOAT, OnnxTensor.DOUBLE ->
            new OnnxTensor(name, dataType, dims, floats((int) size), new long[0]);
        case OnnxTensor.INT32, OnnxTensor.INT64 ->
            new OnnxTensor(name, dataType, dims, new float[0], longs((int) size));
        default -> new OnnxTensor(name, dataType, dims, new float[0], new long[0]);
      };
    }

    private float[] floats(int size) {
      int width = dataType == OnnxTensor.FLOAT ? 4 : 8;
      float[] out = new float[size];
      if (raw != null) {
        checkLength((long) size * width, raw.remaining());
        ByteBuffer b = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size; i++) {
          out[i] = width == 4 ? b.getFloat() : (float) b.getDouble();
        }
      } else {
        checkLength(size, floatData.size());
        for (int i = 0; i < size; i++) {
          out[i] = floatData.get(i).floatValue();
        }
      }
      return out;
    }

    private long[] longs(int size) {
      int width = dataType == OnnxTensor.INT64 ? 8 : 4;
      long[] out = new long[size];
      if (raw != null) {
        checkLength((long) size * width, raw.remaining());
        ByteBuffer b = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size; i++) {
          out[i] = width == 8 ? b.getLong() : b.getInt();
        }
      } else {
        checkLength(size, intData.size());
        for (int i = 0; i < size; i++) {
          out[i] = intData.get(i);
        }
      }
      return out;
    }

    private void checkLength(long expected, long actual) {
      if (expected != actual) {
        throw new OnnxFormatException(
            "tensor '" + name + "': expected " + expected + " data units, got " + actual);
      }
    }
  }
}
