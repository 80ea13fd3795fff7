package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterLayout;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.MalformedUpdateException;
import io.d2ora.core.adapter.UpdateMetadata;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The server optimiser's state (Reddi et al. 2021): the first moment m and, for FedAdam, the second
 * moment v of every adapter tensor, and the number of server steps taken. It travels inside the
 * aggregate file, so a verifier holding round r-1's aggregate recomputes round r's exactly.
 *
 * <table>
 *   <caption>Layout in the aggregate's safetensors file</caption>
 *   <tr><th>entry</th><th>content</th></tr>
 *   <tr><td>tensor {@value #M_PREFIX}NAME</td><td>float32, NAME's shape: m for adapter tensor
 *       NAME (fedavgm, fedadam)</td></tr>
 *   <tr><td>tensor {@value #V_PREFIX}NAME</td><td>float32, NAME's shape: v &gt;= 0 for adapter
 *       tensor NAME (fedadam only)</td></tr>
 *   <tr><td>metadata {@value #STEP_KEY}</td><td>decimal step count t &gt;= 0: 0 in an aggregate
 *       made without a start adapter (the run's first round), else the start's t + 1</td></tr>
 * </table>
 *
 * The aggregate's {@code d2ora.strategy} names the optimiser and its parameters; a start adapter
 * made with other ones is refused. Every other tensor of the file is the adapter itself ({@link
 * #strip}).
 *
 * @param step server steps taken
 * @param m first moments by adapter tensor name
 * @param v second moments by adapter tensor name (empty unless fedadam)
 */
public record ServerState(
    long step, NavigableMap<String, FloatTensor> m, NavigableMap<String, FloatTensor> v) {

  public static final String M_PREFIX = "d2ora.server.m.";
  public static final String V_PREFIX = "d2ora.server.v.";
  public static final String STEP_KEY = "d2ora.server.step";

  /** Whether {@code tensorName} is server state rather than adapter. */
  public static boolean isStateTensor(String tensorName) {
    return tensorName.startsWith(M_PREFIX) || tensorName.startsWith(V_PREFIX);
  }

  /** {@code update} without server state: the adapter a model loads. Identity when it has none. */
  public static AdapterUpdate strip(AdapterUpdate update) {
    if (update.tensors().keySet().stream().noneMatch(ServerState::isStateTensor)
        && !update.metadata().containsKey(STEP_KEY)) {
      return update;
    }
    TreeMap<String, FloatTensor> tensors = new TreeMap<>(update.tensors());
    tensors.keySet().removeIf(ServerState::isStateTensor);
    TreeMap<String, String> metadata = new TreeMap<>(update.metadata());
    metadata.remove(STEP_KEY);
    return new AdapterUpdate(tensors, metadata);
  }

  /** Step 0: m = 0 and, for fedadam, v = tau^2 (Reddi et al. 2021, Algorithm 2: v_-1 >= tau^2). */
  static ServerState initial(AggregationStrategy strategy, AdapterLayout layout) {
    TreeMap<String, FloatTensor> m = new TreeMap<>();
    TreeMap<String, FloatTensor> v = new TreeMap<>();
    float tau2 = (float) (strategy.server().tau() * strategy.server().tau());
    layout
        .shapes()
        .forEach(
            (name, shape) -> {
              m.put(name, FloatTensor.zeros(shape));
              if (strategy.kind() == AggregationStrategy.Kind.FEDADAM) {
                float[] data = new float[(int) FloatTensor.elementCount(shape)];
                Arrays.fill(data, tau2);
                v.put(name, new FloatTensor(shape, data));
              }
            });
    return new ServerState(0, m, v);
  }

  /**
   * Reads and checks the state a start adapter (the previous round's aggregate) carries.
   *
   * @param layout the adapter tensors the round's updates hold
   * @param roundId the round being aggregated
   * @throws ServerStateException naming what is missing, malformed or inconsistent
   */
  static ServerState read(
      AdapterUpdate start, AggregationStrategy strategy, AdapterLayout layout, long roundId) {
    UpdateMetadata fields;
    try {
      fields = start.d2ora();
    } catch (MalformedUpdateException e) {
      throw new ServerStateException("start adapter: " + e.getMessage(), e);
    }
    AggregationStrategy made;
    try {
      made = AggregationStrategy.parse(fields.strategy());
    } catch (IllegalArgumentException e) {
      throw new ServerStateException(
          "start adapter was made by '" + fields.strategy() + "', not " + strategy.id(), e);
    }
    if (!made.equals(strategy)) {
      throw new ServerStateException(
          "start adapter was made by "
              + made.id()
              + ", not "
              + strategy.id()
              + ": its server state belongs to another optimiser");
    }
    if (fields.roundId() >= roundId) {
      throw new ServerStateException(
          "start adapter is round " + fields.roundId() + "'s, not a round before " + roundId);
    }
    long step = step(start, fields.roundId());
    try {
      layout.check(strip(start));
    } catch (MalformedUpdateException e) {
      throw new ServerStateException("start adapter: " + e.getMessage(), e);
    }
    NavigableMap<String, FloatTensor> m = moments(start, M_PREFIX, layout, false);
    NavigableMap<String, FloatTensor> v =
        strategy.kind() == AggregationStrategy.Kind.FEDADAM
            ? moments(start, V_PREFIX, layout, true)
            : new TreeMap<>();
    for (String name : start.tensors().keySet()) {
      boolean known =
          (name.startsWith(M_PREFIX) && m.containsKey(name.substring(M_PREFIX.length())))
              || (name.startsWith(V_PREFIX) && v.containsKey(name.substring(V_PREFIX.length())));
      if (isStateTensor(name) && !known) {
        throw new ServerStateException("start adapter holds unexpected server state " + name);
      }
    }
    return new ServerState(step, m, v);
  }

  /** One step per round at most: a start of round k has taken at most k steps. */
  private static long step(AdapterUpdate start, long startRound) {
    String text = start.metadata().get(STEP_KEY);
    if (text == null) {
      throw new ServerStateException("start adapter carries no server state (" + STEP_KEY + ")");
    }
    long step;
    try {
      step = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ServerStateException(STEP_KEY + " is not a number: '" + text + "'", e);
    }
    if (step < 0 || step > startRound) {
      throw new ServerStateException(
          STEP_KEY
              + " = "
              + step
              + " does not fit the start adapter's round "
              + startRound
              + " (expected 0.."
              + startRound
              + ")");
    }
    return step;
  }

  private static NavigableMap<String, FloatTensor> moments(
      AdapterUpdate start, String prefix, AdapterLayout layout, boolean nonNegative) {
    TreeMap<String, FloatTensor> out = new TreeMap<>();
    for (Map.Entry<String, int[]> e : layout.shapes().entrySet()) {
      String name = prefix + e.getKey();
      FloatTensor t = start.tensors().get(name);
      if (t == null) {
        throw new ServerStateException("start adapter lacks server state " + name);
      }
      if (!t.hasShape(e.getValue())) {
        throw new ServerStateException(
            name
                + " has shape "
                + Arrays.toString(t.shape())
                + ", expected "
                + Arrays.toString(e.getValue()));
      }
      float[] data = t.data();
      for (int i = 0; i < data.length; i++) {
        if (!Float.isFinite(data[i]) || (nonNegative && data[i] < 0)) {
          throw new ServerStateException(
              name + "[" + i + "] = " + data[i] + (nonNegative ? ", expected finite >= 0" : ""));
        }
      }
      out.put(e.getKey(), t);
    }
    return out;
  }

  /** The entries this state adds to the aggregate's tensors. */
  Map<String, FloatTensor> tensors() {
    TreeMap<String, FloatTensor> out = new TreeMap<>();
    m.forEach((name, t) -> out.put(M_PREFIX + name, t));
    v.forEach((name, t) -> out.put(V_PREFIX + name, t));
    return out;
  }
}
