package io.d2ora.core.model.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ONNX graph: nodes in the file's (topological) order, initializers and {@code Constant} node
 * values by name, and the names of the graph's inputs. Lookups by producer and consumer support
 * walking the graph in both directions.
 */
public final class OnnxGraph {
  private final List<OnnxNode> nodes;
  private final Map<String, OnnxTensor> constants;
  private final List<String> inputs;
  private final Map<String, OnnxNode> producers = new HashMap<>();
  private final Map<String, List<OnnxNode>> consumers = new HashMap<>();
  private final Map<OnnxNode, Integer> order = new HashMap<>();

  public OnnxGraph(List<OnnxNode> nodes, Map<String, OnnxTensor> initializers, List<String> inputs) {
    this.nodes = List.copyOf(nodes);
    this.inputs = List.copyOf(inputs);
    Map<String, OnnxTensor> all = new HashMap<>(initializers);
    for (int i = 0; i < this.nodes.size(); i++) {
      OnnxNode node = this.nodes.get(i);
      order.put(node, i);
      for (String out : node.outputs()) {
        producers.put(out, node);
      }
      for (String in : node.inputs()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
      }
      OnnxAttribute value = node.attributes().get("value");
      if (node.opType().equals("Constant") && value != null && value.t() != null) {
        all.put(node.output(), value.t());
      }
    }
    this.constants = Map.copyOf(all);
  }

  public List<OnnxNode> nodes() {
    return nodes;
  }

  public List<String> inputs() {
    return inputs;
  }

  /** The initializer or {@code Constant} value with this name, if the name is one. */
  public Optional<OnnxTensor> constant(String name) {
    return Optional.ofNullable(constants.get(name));
  }

  public boolean isConstant(String name) {
    return constants.containsKey(name);
  }

  public Optional<OnnxNode> producer(String tensor) {
    return Optional.ofNullable(producers.get(tensor));
  }

  public List<OnnxNode> consumers(String tensor) {
    return consumers.getOrDefault(tensor, List.of());
  }

  /** Position of the node in the file, which ONNX requires to be a topological order. */
  public int indexOf(OnnxNode node) {
    return order.get(node);
  }

  /** Float constant inputs of the node (weights, biases, scalars), in input order. */
  public List<OnnxTensor> floatConstants(OnnxNode node) {
    List<OnnxTensor> out = new ArrayList<>();
    for (String in : node.inputs()) {
      OnnxTensor t = constants.get(in);
      if (t != null && t.isFloat()) {
        out.add(t);
      }
    }
    return out;
  }

  /** The node's inputs that are computed at run time (not constants), in input order. */
  public List<String> dynamicInputs(OnnxNode node) {
    List<String> out = new ArrayList<>();
    for (String in : node.inputs()) {
      if (!in.isEmpty() && !constants.containsKey(in)) {
        out.add(in);
      }
    }
    return out;
  }
}
