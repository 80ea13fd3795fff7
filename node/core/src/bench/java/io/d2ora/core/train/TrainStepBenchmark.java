package io.d2ora.core.train;

import io.d2ora.core.dora.AdapterMode;
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
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints the median time of one training step on the real model, in the shapes of {@code
 * scripts/reference/bench_bert_torch.py}: batch 16 x 32 tokens, DoRA (or LoRA) r=8 alpha=16 on
 * query and value (or on all six linear maps of every layer), mean pooling, Linear(384, 2) head,
 * cross-entropy, backward, clipping, AdamW: the median and the fastest step after the warm-up steps
 * (20 by default: the JIT compiles the Java kernels during a run's first 10-20 steps; their total
 * time is printed as {@code warmup_ms}; on a shared machine the fastest step shows what the code
 * does when it gets the cores), the median CPU time of the process per step (all threads, spinning
 * BLAS workers included; with one thread, the work a step costs whatever the machine's load), the
 * process's peak resident memory and how many native ND4J buffers a steady-state step registers. A
 * benchmark, not a test: it prints one JSON line and asserts nothing. {@code
 * scripts/bench-train.sh} (also {@code scripts/bench.sh train-vs-torch}) runs it against PyTorch.
 *
 * <p>Usage: {@code scripts/bench.sh train-step [--steps 10] [--warmup 20] [--batch 16] [--seq 32]
 * [--targets qv|all] [--mode dora|lora] [--dropout 0] [--threads 2]}, which runs it in the project
 * checkout (or pass {@code -Dd2ora.home=DIR}), whose {@code .cache/models} holds the model {@code
 * scripts/setup.sh} fetches.
 */
public final class TrainStepBenchmark {
  /** Query, key, value and the three dense maps of every layer. */
  private static final List<String> ALL_LINEAR = List.of("query", "key", "value", "dense");

  private TrainStepBenchmark() {}

  public static void main(String[] args) {
    Map<String, String> options = options(args);
    int steps = Integer.parseInt(options.getOrDefault("steps", "10"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "20"));
    int batch = Integer.parseInt(options.getOrDefault("batch", "16"));
    int seq = Integer.parseInt(options.getOrDefault("seq", "32"));
    String targets = options.getOrDefault("targets", "qv");
    AdapterMode mode =
        AdapterMode.valueOf(options.getOrDefault("mode", "dora").toUpperCase(Locale.ROOT));
    double dropout = Double.parseDouble(options.getOrDefault("dropout", "0"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
    Nd4jRuntime.configure(threads);
    Path home = Path.of(System.getProperty("d2ora.home", ""));
    BaseModel base =
        BaseModel.load(home.resolve(".cache/models").resolve(TrainingConfig.DEFAULT_BASE_MODEL));
    AdapterSpec spec =
        AdapterSpec.builder()
            .mode(mode)
            .rank(8)
            .alpha(16)
            .dropout(dropout)
            .targetModules(targets.equals("all") ? ALL_LINEAR : List.of("query", "value"))
            .build();
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
    double[] cpuTimes = new double[steps];
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long allocationsBefore = 0;
    long warmupNanos = 0;
    for (int step = 0; step < steps + warmup; step++) {
      if (step == warmup) {
        allocationsBefore = Nd4j.getDeallocatorService().nextValue();
      }
      long start = System.nanoTime();
      long cpuStart = os.getProcessCpuTime();
      optimizer.zeroGrad();
      model.backward(
          SoftmaxCrossEntropy.compute(model.forward(tokens, true), labels, 1).gradient());
      GradientClipping.clipGlobalNorm(params, 1.0, step + 1);
      optimizer.step();
      if (step >= warmup) {
        times[step - warmup] = (System.nanoTime() - start) / 1e9;
        cpuTimes[step - warmup] = (os.getProcessCpuTime() - cpuStart) / 1e9;
      } else {
        warmupNanos += System.nanoTime() - start;
      }
    }
    // The deallocator service numbers every native buffer ND4J registers; one number per call here.
    long allocations = Nd4j.getDeallocatorService().nextValue() - allocationsBefore - 1;
    Arrays.sort(times);
    Arrays.sort(cpuTimes);
    double median = times[steps / 2];
    System.out.printf(
        Locale.ROOT,
        "{\"impl\":\"nd4j\",\"mode\":\"%s\",\"targets\":\"%s\",\"batch\":%d,\"seq\":%d,"
            + "\"threads\":%d,\"warmup_steps\":%d,\"warmup_ms\":%.0f,"
            + "\"median_step_ms\":%.1f,\"best_step_ms\":%.1f,"
            + "\"median_step_cpu_ms\":%.1f,\"tokens_per_second\":%.1f,\"peak_rss_bytes\":%d,"
            + "\"native_allocations_per_step\":%.1f}%n",
        mode.name().toLowerCase(Locale.ROOT),
        targets,
        batch,
        seq,
        threads,
        warmup,
        warmupNanos / 1e6,
        median * 1e3,
        times[0] * 1e3,
        cpuTimes[steps / 2] * 1e3,
        batch * seq / median,
        peakResidentBytes(),
        (double) allocations / steps);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }

  /** VmHWM of /proc/self/status (Linux), or -1 where there is none. */
  private static long peakResidentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
