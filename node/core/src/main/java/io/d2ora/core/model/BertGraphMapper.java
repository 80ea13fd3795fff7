package io.d2ora.core.model;

import io.d2ora.core.model.onnx.OnnxGraph;
import io.d2ora.core.model.onnx.OnnxNode;
import io.d2ora.core.model.onnx.OnnxTensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds the roles of a BERT graph's initializers by following the data flow, never by initializer
 * or node names: embeddings are the float {@code Gather} tables (word fed by {@code input_ids},
 * token type by {@code token_type_ids}, position by neither); each transformer block is found from
 * its {@code Softmax}: the scores {@code MatMul(Q, K^T)} above it gives the query and key
 * projections, the context {@code MatMul(P, V)} below it the value projection; then come the
 * attention output dense layer, a layer norm, the feed-forward pair (with an {@code Erf} GELU
 * between) and a second layer norm. Layer norms are recognised both as the {@code
 * LayerNormalization} op and in their decomposed form ({@code (x - mean) / Sqrt(var + eps) * gamma
 * + beta}). The head size comes from the attention's scale constant 1/sqrt(d). Every shape is
 * checked.
 */
final class BertGraphMapper {
  private static final Set<String> PASS_THROUGH =
      Set.of("Reshape", "Transpose", "Cast", "Identity", "Dropout", "Squeeze", "Unsqueeze");

  private final OnnxGraph g;
  private final Map<String, WeightTensor> tensors = new HashMap<>();
  private int hidden;
  private int intermediate;
  private int headSize;
  private double eps;

  BertGraphMapper(OnnxGraph graph) {
    this.g = graph;
  }

  BertCheckpoint map() {
    String x = mapEmbeddings();
    int layers = 0;
    for (Optional<OnnxNode> s = firstDownstream(x, op("Softmax"));
        s.isPresent();
        s = firstDownstream(x, op("Softmax"))) {
      x = mapLayer(layers++, x, s.get());
    }
    if (layers == 0) {
      throw new ModelFormatException("no attention (Softmax) found after the embeddings");
    }
    int heads = hidden / headSize;
    WeightTensor word = tensors.get("embeddings.word_embeddings.weight");
    BertConfig config =
        new BertConfig(
            word.dim(0),
            hidden,
            layers,
            heads,
            intermediate,
            tensors.get("embeddings.position_embeddings.weight").dim(0),
            tensors.get("embeddings.token_type_embeddings.weight").dim(0),
            eps);
    return new BertCheckpoint(config, tensors);
  }

  private String mapEmbeddings() {
    Map<String, OnnxTensor> tables = new HashMap<>();
    OnnxNode wordGather = null;
    for (OnnxNode n : g.nodes()) {
      Optional<OnnxTensor> t = g.constant(n.input(0));
      if (n.opType().equals("Gather")
          && t.isPresent()
          && t.get().isFloat()
          && t.get().rank() == 2) {
        String root = dataRoot(n.input(1));
        String role =
            switch (root) {
              case "input_ids" -> "word_embeddings";
              case "token_type_ids" -> "token_type_embeddings";
              default -> "position_embeddings";
            };
        if (tables.put(role, t.get()) != null) {
          throw new ModelFormatException("two embedding tables look like " + role);
        }
        if (role.equals("word_embeddings")) {
          wordGather = n;
        }
      }
    }
    for (String role : List.of("word_embeddings", "position_embeddings", "token_type_embeddings")) {
      if (!tables.containsKey(role)) {
        throw new ModelFormatException("no " + role + " table (a Gather over a float initializer)");
      }
    }
    hidden = (int) tables.get("word_embeddings").dims()[1];
    tables.forEach(
        (role, t) -> put("embeddings." + role + ".weight", t, (int) t.dims()[0], hidden, false));
    return mapLayerNorm("embeddings.LayerNorm", wordGather.output());
  }

  private String mapLayer(int layer, String x, OnnxNode softmax) {
    String p = "encoder.layer." + layer + ".";
    OnnxNode scores =
        lastUpstream(softmax.input(0), n -> n.opType().equals("MatMul") && isDynamicMatMul(n));
    double scale = scalarScale(softmax.input(0), g.indexOf(scores));
    Trace q = traceProjection(scores.input(0));
    Trace k = traceProjection(scores.input(1));
    scale *= q.scale * k.scale;
    int d = (int) Math.round(1 / (scale * scale));
    if (d < 1 || hidden % d != 0 || Math.abs(1 / Math.sqrt(d) - scale) > 1e-4) {
      throw new ModelFormatException(p + "attention scale " + scale + " is not 1/sqrt(head size)");
    }
    if (layer > 0 && d != headSize) {
      throw new ModelFormatException(p + "head size " + d + " differs from " + headSize);
    }
    headSize = d;
    mapDense(p + "attention.self.query", q.matMul, hidden, hidden);
    mapDense(p + "attention.self.key", k.matMul, hidden, hidden);
    OnnxNode context = firstDownstream(softmax.output(), this::isDynamicMatMul).orElseThrow();
    mapDense(p + "attention.self.value", traceProjection(context.input(1)).matMul, hidden, hidden);
    String attn =
        mapDense(p + "attention.output.dense", weightMatMulAfter(context.output()), hidden, hidden);
    String h = mapLayerNorm(p + "attention.output.LayerNorm", attn);
    OnnxNode in = weightMatMulAfter(h);
    intermediate = (int) g.constant(in.input(1)).orElseThrow().dims()[1];
    String act = mapDense(p + "intermediate.dense", in, hidden, intermediate);
    OnnxNode outDense = weightMatMulAfter(act);
    OnnxNode erf = firstDownstream(act, op("Erf")).orElse(null);
    if (erf == null || g.indexOf(erf) > g.indexOf(outDense)) {
      throw new ModelFormatException(p + "feed-forward activation is not the exact (Erf) GELU");
    }
    String y = mapDense(p + "output.dense", outDense, intermediate, hidden);
    return mapLayerNorm(p + "output.LayerNorm", y);
  }

  /** Maps a MatMul with an [in, out] initializer and its bias Add; returns the Add's output. */
  private String mapDense(String module, OnnxNode matMul, int in, int out) {
    OnnxTensor w = g.constant(matMul.input(1)).orElseThrow();
    checkShape(module + ".weight (ONNX [in, out])", w, in, out);
    OnnxNode add =
        g.consumers(matMul.output()).stream()
            .filter(n -> n.opType().equals("Add") && rank1(n).isPresent())
            .findFirst()
            .orElseThrow(() -> new ModelFormatException(module + ": no bias Add after the MatMul"));
    OnnxTensor b = rank1(add).get();
    checkShape(module + ".bias", b, out);
    put(module + ".weight", w, out, in, true);
    put(module + ".bias", b, out, 1, false);
    return add.output();
  }

  private String mapLayerNorm(String module, String input) {
    OnnxNode end =
        firstDownstream(input, n -> n.opType().equals("LayerNormalization") || isNormDiv(n))
            .orElseThrow(() -> new ModelFormatException(module + ": no layer norm found"));
    OnnxTensor gamma;
    OnnxTensor beta;
    double e;
    String out;
    if (end.opType().equals("LayerNormalization")) {
      gamma = g.constant(end.input(1)).orElseThrow();
      beta = g.constant(end.input(2)).orElseThrow();
      var attr = end.attributes().get("epsilon");
      e = attr == null ? 1e-5 : attr.f();
      out = end.output();
    } else {
      OnnxNode epsAdd = g.producer(g.producer(end.input(1)).orElseThrow().input(0)).orElseThrow();
      e = g.floatConstants(epsAdd).get(0).scalar();
      OnnxNode mul = single(end.output(), "Mul", module);
      OnnxNode add = single(mul.output(), "Add", module);
      gamma = rank1(mul).orElseThrow(() -> new ModelFormatException(module + ": no gamma"));
      beta = rank1(add).orElseThrow(() -> new ModelFormatException(module + ": no beta"));
      out = add.output();
    }
    checkShape(module + ".weight", gamma, hidden);
    checkShape(module + ".bias", beta, hidden);
    if (eps != 0 && Math.abs(e - eps) > 1e-15) {
      throw new ModelFormatException(module + ": epsilon " + e + " differs from " + eps);
    }
    eps = e;
    put(module + ".weight", gamma, hidden, 1, false);
    put(module + ".bias", beta, hidden, 1, false);
    return out;
  }

  private boolean isNormDiv(OnnxNode n) {
    return n.opType().equals("Div")
        && g.producer(n.input(1)).map(p -> p.opType().equals("Sqrt")).orElse(false)
        && g.producer(g.producer(n.input(1)).get().input(0))
            .map(a -> a.opType().equals("Add") && g.floatConstants(a).size() == 1)
            .orElse(false);
  }

  private OnnxNode single(String tensor, String opType, String module) {
    List<OnnxNode> c = g.consumers(tensor);
    if (c.size() != 1 || !c.get(0).opType().equals(opType)) {
      throw new ModelFormatException(module + ": expected one " + opType + " after " + tensor);
    }
    return c.get(0);
  }

  private record Trace(OnnxNode matMul, double scale) {}

  /** Walks up from an attention operand to the projection MatMul, collecting scalar scales. */
  private Trace traceProjection(String tensor) {
    double scale = 1;
    String t = tensor;
    for (int guard = 0; guard < 64; guard++) {
      OnnxNode n =
          g.producer(t).orElseThrow(() -> new ModelFormatException("dead end above " + tensor));
      if (n.opType().equals("MatMul") && !isDynamicMatMul(n)) {
        return new Trace(n, scale);
      }
      List<String> dynamic = g.dynamicInputs(n);
      if ((n.opType().equals("Div") || n.opType().equals("Mul")) && dynamic.size() == 1) {
        double c = g.floatConstants(n).get(0).scalar();
        scale *= n.opType().equals("Div") ? 1 / c : c;
      } else if (!PASS_THROUGH.contains(n.opType()) && !n.opType().equals("Add")) {
        throw new ModelFormatException("unexpected " + n.opType() + " above " + tensor);
      }
      t = PASS_THROUGH.contains(n.opType()) ? n.input(0) : dynamic.get(0);
    }
    throw new ModelFormatException("no projection found above " + tensor);
  }

  /** Product of scalar Div/Mul factors between the scores MatMul (index) and this tensor. */
  private double scalarScale(String tensor, int above) {
    double scale = 1;
    for (OnnxNode n : upstream(tensor, above)) {
      List<OnnxTensor> c = g.floatConstants(n);
      boolean scalar = c.size() == 1 && c.get(0).size() == 1 && g.dynamicInputs(n).size() == 1;
      if (scalar && n.opType().equals("Div")) {
        scale /= c.get(0).scalar();
      } else if (scalar && n.opType().equals("Mul") && !isMaskPath(n)) {
        scale *= c.get(0).scalar();
      }
    }
    return scale;
  }

  /** The additive attention mask is built from attention_mask with a Mul by a huge negative. */
  private boolean isMaskPath(OnnxNode n) {
    return upstream(n.output(), -1).stream().anyMatch(u -> u.inputs().contains("attention_mask"));
  }

  private List<OnnxNode> upstream(String tensor, int above) {
    List<OnnxNode> out = new ArrayList<>();
    Set<OnnxNode> seen = new HashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(List.of(tensor));
    while (!todo.isEmpty()) {
      Optional<OnnxNode> p = g.producer(todo.pop());
      if (p.isPresent() && g.indexOf(p.get()) > above && seen.add(p.get())) {
        out.add(p.get());
        todo.addAll(g.dynamicInputs(p.get()));
      }
    }
    return out;
  }

  private OnnxNode lastUpstream(String tensor, Predicate<OnnxNode> match) {
    return upstream(tensor, -1).stream()
        .filter(match)
        .max((a, b) -> Integer.compare(g.indexOf(a), g.indexOf(b)))
        .orElseThrow(() -> new ModelFormatException("no attention scores MatMul above " + tensor));
  }

  /** The earliest node (in topological order) downstream of {@code tensor} that matches. */
  private Optional<OnnxNode> firstDownstream(String tensor, Predicate<OnnxNode> match) {
    OnnxNode best = null;
    Set<OnnxNode> seen = new HashSet<>();
    ArrayDeque<OnnxNode> todo = new ArrayDeque<>(g.consumers(tensor));
    while (!todo.isEmpty()) {
      OnnxNode n = todo.pop();
      if ((best != null && g.indexOf(n) >= g.indexOf(best)) || !seen.add(n)) {
        continue;
      }
      if (match.test(n)) {
        best = n;
        continue;
      }
      for (String out : n.outputs()) {
        todo.addAll(g.consumers(out));
      }
    }
    return Optional.ofNullable(best);
  }

  private OnnxNode weightMatMulAfter(String tensor) {
    return firstDownstream(tensor, n -> n.opType().equals("MatMul") && !isDynamicMatMul(n))
        .orElseThrow(() -> new ModelFormatException("no dense layer after " + tensor));
  }

  private boolean isDynamicMatMul(OnnxNode n) {
    return n.opType().equals("MatMul") && g.dynamicInputs(n).size() == 2;
  }

  private Optional<OnnxTensor> rank1(OnnxNode n) {
    return g.floatConstants(n).stream().filter(t -> t.rank() == 1 && t.size() > 1).findFirst();
  }

  private String dataRoot(String tensor) {
    String t = tensor;
    for (Optional<OnnxNode> p = g.producer(t);
        p.isPresent() && PASS_THROUGH.contains(p.get().opType());
        p = g.producer(t)) {
      t = p.get().input(0);
    }
    return t;
  }

  private static Predicate<OnnxNode> op(String opType) {
    return n -> n.opType().equals(opType);
  }

  private static void checkShape(String what, OnnxTensor t, long... expected) {
    if (!t.isFloat() || !Arrays.equals(t.dims(), expected)) {
      throw new ModelFormatException(
          what
              + ": expected float shape "
              + Arrays.toString(expected)
              + ", got "
              + Arrays.toString(t.dims()));
    }
  }

  /** Stores {@code t} as [rows, cols] (or [rows] when cols == 1), transposing ONNX [in, out]. */
  private void put(String name, OnnxTensor t, int rows, int cols, boolean transpose) {
    float[] src = t.floats();
    // The graph is dropped after mapping, so untransposed data is shared rather than copied.
    float[] data = transpose ? new float[src.length] : src;
    if (transpose) {
      for (int i = 0; i < cols; i++) {
        for (int o = 0; o < rows; o++) {
          data[o * cols + i] = src[i * rows + o];
        }
      }
    }
    int[] shape = cols == 1 ? new int[] {rows} : new int[] {rows, cols};
    if (tensors.put(name, new WeightTensor(name, shape, data)) != null) {
      throw new ModelFormatException("the graph maps two initializers to " + name);
    }
  }
}
