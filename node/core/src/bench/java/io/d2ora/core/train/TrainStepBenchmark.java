package io.d2ora.core.train;

import io.d2ora.core.dora.AdapterSpec;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.Nd4jRuntime;
import io.d2ora.core.model.SoftmaxCrossEntropy;
import io.d2ora.core.model.TextClassifier;
import io.d2ora.core.model.TokenBatch;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.optim.AdamW;
import io.d2ora.core.optim.AdamWConfig;
import io.d2ora.core.optim.GradientClipping;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Prints the median time of one training step on the real model, in the shapes of {@code
 * scripts/reference/bench_bert_torch.py}: batch 16 x 32 tokens, DoRA r=8 alpha=16 on query and
 * value, mean pooling, Linear(384, 2) head, cross-entropy, backward, clipping, AdamW. A benchmark,
 * not a test: it prints figures and asserts nothing.
 *
 * <p>Usage: {@code scripts/bench.sh train-step [steps] [batch] [seq]}, which runs it in the project
 * checkout (or pass {@code -Dd2ora.home=DIR}), whose {@code .cache/models} holds the model {@code
 * scripts/setup.sh} fetches.
 */
public final class TrainStepBenchmark {
  private TrainStepBenchmark() {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int seq = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Nd4jRuntime.configure(0);
    Path home = Path.of(System.getProperty("d2ora.home", ""));
    BaseModel base =
        BaseModel.load(home.resolve(".cache/models").resolve(TrainingConfig.DEFAULT_BASE_MODEL));
    AdapterSpec spec =
        AdapterSpec.builder().rank(8).alpha(16).targetModules(List.of("query", "value")).build();
    TextClassifier model = TextClassifier.create(base, spec, 2, 0.1, 1, DataType.FLOAT);
    List<Parameter> params = model.trainableParameters();
    AdamW optimizer = new AdamW(params, AdamWConfig.DEFAULT, s -> 1e-3);
    Random random = new Random(0);
    int[][] ids = new int[batch][seq];
    for (int[] row : ids) {
      Arrays.setAll(row, i -> 1000 + random.nextInt(19000));
    }
    TokenBatch tokens = TokenBatch.of(ids);
    int[] labels = new int[batch];
    Arrays.setAll(labels, i -> random.nextInt(2));
    double[] times = new double[steps];
    for (int step = 0; step < steps + 3; step++) {
      long start = System.nanoTime();
      optimizer.zeroGrad();
      model.backward(
          SoftmaxCrossEntropy.compute(model.forward(tokens, true), labels, 1).gradient());
      GradientClipping.clipGlobalNorm(params, 1.0, step + 1);
      optimizer.step();
      if (step >= 3) {
        times[step - 3] = (System.nanoTime() - start) / 1e9;
      }
    }
    Arrays.sort(times);
    double median = times[steps / 2];
    System.out.printf(
        Locale.ROOT,
        "{\"impl\":\"nd4j\",\"batch\":%d,\"seq\":%d,\"median_step_ms\":%.1f,"
            + "\"tokens_per_second\":%.1f,\"resident_bytes\":%d}%n",
        batch,
        seq,
        median * 1e3,
        batch * seq / median,
        Pointer.physicalBytes());
  }
}
