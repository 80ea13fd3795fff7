package io.d2ora.core.model.onnx;

import java.util.List;
import java.util.Map;

/** One ONNX {@code NodeProto}: an operator applied to named tensors. */
public record OnnxNode(
    String name,
    String opType,
    List<String> inputs,
    List<String> outputs,
    Map<String, OnnxAttribute> attributes) {

  public OnnxNode {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = Map.copyOf(attributes);
  }

  public String input(int i) {
    return i < inputs.size() ? inputs.get(i) : "";
  }

  public String output() {
    return outputs.isEmpty() ? "" : outputs.get(0);
  }
}
