package io.d2ora.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The aggregation path must compute the same bits on every machine (issue 13): no ND4J (BLAS
 * kernels differ by CPU), no parallel streams (summation order), no Math/StrictMath exp, log or pow
 * (Math's may use CPU intrinsics that differ in the last bit; only sqrt is correctly rounded). This
 * reads the constant pools of the compiled classes of {@code io.d2ora.core.aggregate} and of every
 * project class they reference, transitively, and lists each forbidden reference.
 */
class AggregationPurityTest {
  private static final Set<String> FORBIDDEN_MATH =
      Set.of("exp", "expm1", "log", "log10", "log1p", "pow", "cbrt", "hypot");
  private static final Set<String> MATH = Set.of("java/lang/Math", "java/lang/StrictMath");

  @Test
  void shouldKeepTheAggregationPathFreeOfNd4jParallelStreamsAndInexactMath() throws Exception {
    Path aggregate = classFile(Aggregation.class).getParent();
    List<String> start = new ArrayList<>();
    try (Stream<Path> files = Files.list(aggregate)) {
      files
          .filter(f -> f.toString().endsWith(".class"))
          .forEach(f -> start.add("io/d2ora/core/aggregate/" + stripClass(f.getFileName())));
    }
    Set<String> scanned = new TreeSet<>();
    List<String> violations = scan(start, scanned);

    assertThat(scanned)
        .contains(
            "io/d2ora/core/aggregate/ServerOptimizer",
            "io/d2ora/core/aggregate/TruncatedSvd",
            "io/d2ora/core/adapter/SafetensorsCodec");
    assertThat(violations).isEmpty();
  }

  @Test
  void shouldCatchEachForbiddenCall() {
    List<String> violations =
        scan(List.of(Offender.class.getName().replace('.', '/')), new TreeSet<>());

    assertThat(String.join("\n", violations))
        .contains("java/lang/Math.exp")
        .contains("java/lang/StrictMath.pow")
        .contains("parallelStream")
        .contains("org/nd4j/linalg/factory/Nd4j");
  }

  /** A class doing everything the aggregation path must not do. */
  static final class Offender {
    double all(List<Double> xs) {
      return Math.exp(xs.parallelStream().mapToDouble(Double::doubleValue).sum())
          + StrictMath.pow(2, 3)
          + org.nd4j.linalg.factory.Nd4j.zeros(1).getDouble(0);
    }
  }

  /** Forbidden references of {@code roots} and the project classes they reach. */
  private static List<String> scan(List<String> roots, Set<String> scanned) {
    List<String> violations = new ArrayList<>();
    ArrayDeque<String> queue = new ArrayDeque<>(roots);
    while (!queue.isEmpty()) {
      String name = queue.poll();
      if (!scanned.add(name)) {
        continue;
      }
      ConstantPool pool = ConstantPool.read(name);
      for (String cls : pool.classes()) {
        String element = cls.replaceAll("^\\[*L?|;$", "");
        if (element.startsWith("org/nd4j/") || element.startsWith("org/bytedeco/")) {
          violations.add(name + " uses " + element);
        } else if (element.startsWith("io/d2ora/") && !scanned.contains(element)) {
          queue.add(element);
        }
      }
      for (String[] ref : pool.methods()) {
        boolean math = MATH.contains(ref[0]) && FORBIDDEN_MATH.contains(ref[1]);
        boolean parallel =
            ref[0].startsWith("java/util/")
                && (ref[1].equals("parallelStream") || ref[1].equals("parallel"));
        boolean forkJoin = ref[0].startsWith("java/util/concurrent/ForkJoin");
        if (math || parallel || forkJoin) {
          violations.add(name + " calls " + ref[0] + "." + ref[1]);
        }
      }
    }
    return violations;
  }

  private static String stripClass(Path file) {
    String s = file.toString();
    return s.substring(0, s.length() - ".class".length());
  }

  private static Path classFile(Class<?> c) throws URISyntaxException {
    return Path.of(c.getResource(c.getSimpleName() + ".class").toURI());
  }

  /** The class and method references of one class file's constant pool (JVMS 4.4). */
  private record ConstantPool(List<String> classes, List<String[]> methods) {
    static ConstantPool read(String internalName) {
      try (InputStream in =
          AggregationPurityTest.class
              .getClassLoader()
              .getResourceAsStream(internalName + ".class")) {
        if (in == null) {
          throw new IllegalStateException("no class file for " + internalName);
        }
        return parse(new DataInputStream(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static ConstantPool parse(DataInputStream in) throws IOException {
      in.readInt();
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      int[] classIndex = new int[count];
      int[][] refs = new int[count][];
      int[][] nameAndType = new int[count][];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7 -> classIndex[i] = in.readUnsignedShort();
          case 8, 16, 19, 20 -> in.readUnsignedShort();
          case 3, 4 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++;
          }
          case 9, 17, 18 -> in.readInt();
          case 10, 11 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
          case 12 -> nameAndType[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
        }
      }
      List<String> classes = new ArrayList<>();
      List<String[]> methods = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        if (classIndex[i] != 0) {
          classes.add(utf8[classIndex[i]]);
        }
        if (refs[i] != null) {
          String owner = utf8[classIndex[refs[i][0]]];
          methods.add(new String[] {owner, utf8[nameAndType[refs[i][1]][0]]});
        }
      }
      return new ConstantPool(classes, methods);
    }
  }
}
