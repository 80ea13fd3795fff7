package io.d2ora.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A real component an integration test runs against, as {@code scripts/setup.sh} installs it under
 * the project root. {@link #require()} fails the calling test in CI and skips it elsewhere when the
 * component is missing ({@link MissingComponent}).
 */
public enum RealComponent {
  /** Node.js 22 ({@code tools/node}) and the project's npm packages. */
  NODE("Node.js >= 22 with the project's npm packages", true, "node_modules"),
  /** Hardhat 3, which needs Node 22. */
  HARDHAT("Hardhat on Node 22", true, Toolchain.HARDHAT),
  /** Foundry's Anvil dev node (a native binary from npm). */
  ANVIL("Anvil (Foundry's EVM dev node)", false, Toolchain.ANVIL),
  /** js-libp2p 3, the interop reference peer, which needs Node 22. */
  JS_LIBP2P("js-libp2p 3 on Node 22", true, "node_modules/libp2p"),
  /** all-MiniLM-L6-v2 as ONNX plus its tokenizer. */
  BASE_MODEL(
      "the base model all-MiniLM-L6-v2",
      false,
      ".cache/models/all-minilm-l6-v2/model.onnx",
      ".cache/models/all-minilm-l6-v2/tokenizer.json"),
  /** The three sentiment domains, split into train, validation and test. */
  SENTIMENT_DATA("the sentiment data", false, dataFiles()),
  /** Debian's python3 with numpy and onnx: the numpy reference of {@code predict}'s logits. */
  PYTHON_NUMPY_ONNX("Debian's python3 with python3-numpy and python3-onnx", "numpy", "onnx"),
  /** Debian's python3 with prometheus_client: a real Prometheus text-format parser. */
  PYTHON_PROMETHEUS_PARSER("Debian's python3 with python3-prometheus-client", "prometheus_client"),
  /** Headless Chromium (Debian package {@code chromium}), for the dashboard's browser test. */
  CHROMIUM("headless Chromium (apt-get install chromium)", false, "/usr/bin/chromium");

  static final String SETUP = "run scripts/setup.sh";

  private final String description;
  private final boolean needsNode;
  private final List<String> files;
  private final List<String> pythonModules;

  RealComponent(String description, boolean needsNode, String... files) {
    this(description, needsNode, List.of(files));
  }

  RealComponent(String description, boolean needsNode, List<String> files) {
    this.description = description;
    this.needsNode = needsNode;
    this.files = files;
    this.pythonModules = List.of();
  }

  RealComponent(String description, String... pythonModules) {
    this.description = description;
    this.needsNode = false;
    this.files = List.of(Toolchain.PYTHON);
    this.pythonModules = List.of(pythonModules);
  }

  /** Returns when the component is installed; otherwise fails (CI) or skips the calling test. */
  public void require() {
    Optional<String> problem = problem();
    if (problem.isPresent()) {
      throw MissingComponent.report(problem.get(), SETUP);
    }
  }

  /** What is missing, in a sentence naming this component, or empty when it is installed. */
  Optional<String> problem() {
    Optional<String> detail =
        ProjectRoot.find()
            .map(this::problem)
            .orElseGet(
                () ->
                    Optional.of(
                        "no project root (scripts/setup.sh) at or above "
                            + Path.of("").toAbsolutePath()));
    return detail.map(d -> description + " is missing: " + d);
  }

  /** What is wrong with this component under {@code root}, if anything. */
  Optional<String> problem(Path root) {
    for (String file : files) {
      Path path = root.resolve(file);
      if (!Files.exists(path)) {
        return Optional.of(path + " does not exist");
      }
    }
    if (!pythonModules.isEmpty()) {
      return Toolchain.missingPythonModules(pythonModules)
          .map(m -> Toolchain.PYTHON + " cannot import " + m + " (apt-get install python3-...)");
    }
    if (!needsNode) {
      return Optional.empty();
    }
    Path node = Toolchain.node(root);
    OptionalInt major = Toolchain.nodeMajorVersion(node);
    if (major.isEmpty()) {
      return Optional.of("cannot run " + node + " --version");
    }
    if (major.getAsInt() < Toolchain.NODE_MAJOR) {
      return Optional.of(
          node + " is Node " + major.getAsInt() + ", not >= " + Toolchain.NODE_MAJOR);
    }
    return Optional.empty();
  }

  private static List<String> dataFiles() {
    return List.of("imdb", "yelp", "amazon").stream()
        .flatMap(
            domain ->
                List.of("train", "validation", "test").stream()
                    .map(split -> ".cache/data/" + domain + "/" + split + ".jsonl"))
        .toList();
  }
}
