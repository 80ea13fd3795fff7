package io.d2ora.core.dora;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.optim.AdamW;
import io.d2ora.core.optim.AdamWConfig;
import io.d2ora.core.optim.GradientClipping;
import io.d2ora.core.optim.LearningRateSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Golden values from {@code scripts/reference/dora_golden.py} (PyTorch float64, PEFT's DoRA
 * formulation): forward, gradients of A, B, m and x, the merged weight, global-norm clipping and
 * two AdamW steps. Tolerance: |actual − expected| <= tol·(1 + |expected|) with tol = 1e-10 in
 * float64 and 1e-4 in float32 (inputs rounded to float32 first).
 */
class DoraReferenceTest {
  private static final JsonNode GOLDEN = load();

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (JsonNode c : GOLDEN.get("cases")) {
      all.add(Arguments.of(c.get("name").asText(), DataType.DOUBLE, 1e-10));
      all.add(Arguments.of(c.get("name").asText(), DataType.FLOAT, 1e-4));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void shouldMatchPyTorchReference(String name, DataType type, double tolerance) {
    JsonNode c = find(name);
    JsonNode in = c.get("inputs");
    JsonNode expected = c.get("expected");
    INDArray bias = in.get("bias").isNull() ? null : array(in.get("bias"), type);
    Linear base =
        Linear.frozen("encoder.layer.0.attention.self.value", array(in.get("w0"), type), bias);
    AdapterSpec spec =
        AdapterSpec.builder()
            .mode(AdapterMode.valueOf(c.get("mode").asText()))
            .rank(c.get("rank").asInt())
            .alpha(c.get("alpha").asDouble())
            .rsLora(c.get("rs_lora").asBoolean())
            .detachNorm(c.get("detach_norm").asBoolean())
            .build();
    AdaptedLinear layer = Adapters.wrap(base, spec);
    layer.loraA().value().assign(array(in.get("lora_A"), type));
    layer.loraB().value().assign(array(in.get("lora_B"), type));
    layer.magnitude().ifPresent(m -> m.value().assign(array(in.get("magnitude"), type)));
    Map<String, Parameter> trainable = trainable(layer);
    INDArray x = array(in.get("x"), type);
    INDArray g = array(in.get("grad_output"), type);
    AdamW adamW =
        new AdamW(
            List.copyOf(trainable.values()),
            AdamWConfig.DEFAULT.withWeightDecay(c.get("weight_decay").asDouble()),
            LearningRateSchedule.constant(c.get("lr").asDouble()));

    for (int step = 1; step <= 2; step++) {
      adamW.zeroGrad();
      INDArray y = layer.forward(x, true);
      INDArray gradX = layer.backward(g);
      if (step == 1) {
        assertClose(y, expected.get("y"), tolerance, "y");
        assertClose(gradX, expected.get("grad_x"), tolerance, "grad_x");
        trainable.forEach(
            (k, p) -> assertClose(p.grad(), expected.get("grad_" + k), tolerance, "grad_" + k));
        assertClose(
            layer.mergedWeight(), expected.get("merged_weight"), tolerance, "merged_weight");
      }
      if (!c.get("max_grad_norm").isNull()) {
        double norm =
            GradientClipping.clipGlobalNorm(
                adamW.parameters(), c.get("max_grad_norm").asDouble(), step);
        if (step == 1) {
          assertThat(Math.abs(norm - expected.get("grad_norm").asDouble()))
              .isLessThanOrEqualTo(tolerance * (1 + norm));
        }
      }
      adamW.step();
      JsonNode after = expected.get("after_step" + step);
      trainable.forEach(
          (k, p) -> assertClose(p.value(), after.get(k), tolerance, k + " after step"));
    }
  }

  private static Map<String, Parameter> trainable(AdaptedLinear layer) {
    Map<String, Parameter> byKey = new java.util.LinkedHashMap<>();
    for (Parameter p : layer.adapterParameters()) {
      if (p.trainable()) {
        String key =
            p.name().endsWith("lora_A.weight")
                ? "lora_A"
                : p.name().endsWith("lora_B.weight") ? "lora_B" : "magnitude";
        byKey.put(key, p);
      }
    }
    return byKey;
  }

  private static void assertClose(
      INDArray actual, JsonNode expected, double tolerance, String what) {
    assertThat(expected).as(what + " present in golden file").isNotNull();
    double[] a = actual.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    double[] e = flatten(expected);
    assertThat(a).as(what + " size").hasSameSizeAs(e);
    for (int i = 0; i < e.length; i++) {
      assertThat(Math.abs(a[i] - e[i]))
          .as("%s[%d]: actual %s expected %s", what, i, a[i], e[i])
          .isLessThanOrEqualTo(tolerance * (1 + Math.abs(e[i])));
    }
  }

  private static INDArray array(JsonNode node, DataType type) {
    double[] flat = flatten(node);
    long[] shape =
        node.get(0).isArray()
            ? new long[] {node.size(), node.get(0).size()}
            : new long[] {node.size()};
    return Nd4j.create(flat, shape, DataType.DOUBLE).castTo(type);
  }

  private static double[] flatten(JsonNode node) {
    List<Double> values = new ArrayList<>();
    collect(node, values);
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void collect(JsonNode node, List<Double> values) {
    if (node.isArray()) {
      node.forEach(child -> collect(child, values));
    } else {
      values.add(node.asDouble());
    }
  }

  private static JsonNode find(String name) {
    for (JsonNode c : GOLDEN.get("cases")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no golden case " + name);
  }

  private static JsonNode load() {
    try (InputStream in = DoraReferenceTest.class.getResourceAsStream("/golden/dora_golden.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
