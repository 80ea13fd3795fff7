package io.d2ora.core.dora;

import io.d2ora.core.nn.Layer;
import io.d2ora.core.nn.Linear;
import io.d2ora.core.optim.AdamW;
import io.d2ora.core.optim.AdamWConfig;
import io.d2ora.core.optim.LearningRateSchedule;
import io.d2ora.core.optim.Optimizer;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One training step of one layer in float32: zero grads, forward, backward (input gradient
 * included, as inside a network), AdamW. 512 tokens (batch x sequence). The frozen layer has no
 * optimizer; its rank parameter is ignored. Run by {@code scripts/bench.sh dora-step}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DoraStepBenchmark {
  static final int TOKENS = 512;

  @Param({"384x384", "384x1536"})
  public String shape;

  @Param({"8", "16"})
  public int rank;

  @Param({"FROZEN", "LORA", "DORA"})
  public String variant;

  private Layer layer;
  private Optimizer optimizer;
  private INDArray x;
  private INDArray gradOutput;

  @Setup
  public void setUp() {
    String[] dims = shape.split("x");
    int in = Integer.parseInt(dims[0]);
    int out = Integer.parseInt(dims[1]);
    Nd4j.getRandom().setSeed(1);
    INDArray w = Nd4j.randn(DataType.FLOAT, out, in).muli(1 / Math.sqrt(in));
    Linear base = Linear.frozen("layer.query", w, Nd4j.zeros(DataType.FLOAT, out));
    x = Nd4j.randn(DataType.FLOAT, TOKENS, in);
    gradOutput = Nd4j.randn(DataType.FLOAT, TOKENS, out);
    if (variant.equals("FROZEN")) {
      layer = base;
      return;
    }
    AdapterSpec spec =
        AdapterSpec.builder()
            .mode(AdapterMode.valueOf(variant))
            .rank(rank)
            .alpha(2.0 * rank)
            .build();
    AdaptedLinear adapted = Adapters.wrap(base, spec);
    adapted.loraB().value().assign(Nd4j.randn(DataType.FLOAT, out, rank).muli(0.01));
    layer = adapted;
    optimizer =
        new AdamW(
            adapted.trainableParameters(),
            AdamWConfig.DEFAULT,
            LearningRateSchedule.constant(1e-4));
  }

  @Benchmark
  public INDArray step() {
    if (optimizer != null) {
      optimizer.zeroGrad();
    }
    layer.forward(x, true);
    INDArray gradInput = layer.backward(gradOutput);
    if (optimizer != null) {
      optimizer.step();
    }
    return gradInput;
  }
}
