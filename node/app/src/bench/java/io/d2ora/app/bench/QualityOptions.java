package io.d2ora.app.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The federated quality benchmark's budget and recipe, from {@code --key value} arguments (defaults
 * in brackets are the demo's configuration).
 *
 * @param strategy aggregation strategy by name, as a round config names it [fedavg]
 * @param rounds federated rounds [3]
 * @param samples training sentences per peer and round (max_train_samples) [96]
 * @param epochs passes over a round's sentences (num_epochs) [1]
 * @param learningRate peak AdamW rate [0.009]
 * @param rank adapter rank; alpha is twice it [4]
 * @param dora DoRA (true) or LoRA (false) [true]
 * @param batch batch size [16]
 * @param seq training max_seq_len [32]
 * @param evalSeq max_seq_len when scoring the test sets [128]
 * @param continuity one schedule over the rounds, rotating data windows, round-mixed data order and
 *     kept AdamW moments (true), or every round a fresh run (false) [true]
 * @param domains the peers' domains, one peer each [imdb,yelp,amazon]
 */
record QualityOptions(
    String strategy,
    int rounds,
    int samples,
    int epochs,
    double learningRate,
    int rank,
    boolean dora,
    int batch,
    int seq,
    int evalSeq,
    boolean continuity,
    List<String> domains) {

  static QualityOptions parse(String[] args) {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --key value pairs, got " + List.of(args));
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    QualityOptions o =
        new QualityOptions(
            a.getOrDefault("strategy", "fedavg"),
            Integer.parseInt(a.getOrDefault("rounds", "3")),
            Integer.parseInt(a.getOrDefault("samples", "96")),
            Integer.parseInt(a.getOrDefault("epochs", "1")),
            Double.parseDouble(a.getOrDefault("lr", "0.009")),
            Integer.parseInt(a.getOrDefault("rank", "4")),
            !"lora".equals(a.getOrDefault("mode", "dora")),
            Integer.parseInt(a.getOrDefault("batch", "16")),
            Integer.parseInt(a.getOrDefault("seq", "32")),
            Integer.parseInt(a.getOrDefault("eval-seq", "128")),
            Boolean.parseBoolean(a.getOrDefault("continuity", "true")),
            List.of(a.getOrDefault("domains", "imdb,yelp,amazon").split(",")));
    List<String> unknown = new ArrayList<>(a.keySet());
    unknown.removeAll(
        List.of(
            "strategy",
            "rounds",
            "samples",
            "epochs",
            "lr",
            "rank",
            "mode",
            "batch",
            "seq",
            "eval-seq",
            "continuity",
            "domains"));
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + unknown);
    }
    return o;
  }

  /** The round config every peer would agree on, as its JSON bytes are hashed on chain. */
  String roundConfigJson() {
    String keep =
        continuity
            ? String.format(
                Locale.ROOT,
                ", \"schedule_rounds\": %d, \"rotate_data_windows\": true,"
                    + " \"shuffle_by_round\": true, \"keep_optimizer_state\": true",
                rounds)
            : "";
    return String.format(
        Locale.ROOT,
        "{\"aggregation\": \"%s\", \"training\": {\"base_model\": \"all-minilm-l6-v2\","
            + " \"lora_r\": %d, \"lora_alpha\": %d, \"lora_dropout\": 0.0, \"use_dora\": %s,"
            + " \"target_modules\": [\"query\", \"value\"], \"learning_rate\": %s,"
            + " \"num_epochs\": %d, \"batch_size\": %d, \"max_seq_len\": %d,"
            + " \"max_train_samples\": %d, \"seed\": 42, \"labels\": [\"negative\", \"positive\"]%s}}",
        strategy,
        rank,
        2 * rank,
        dora,
        learningRate,
        epochs,
        batch,
        seq,
        samples,
        keep);
  }

  /** One line stating the budget, printed above every table. */
  String budget() {
    return String.format(
        Locale.ROOT,
        "%d peers x %d rounds x %d sentences x %d epoch(s); %s r=%d alpha=%d on q,v; lr %s, batch %d,"
            + " train seq %d, eval seq %d; continuity %s; aggregation %s",
        domains.size(),
        rounds,
        samples,
        epochs,
        dora ? "DoRA" : "LoRA",
        rank,
        2 * rank,
        learningRate,
        batch,
        seq,
        evalSeq,
        continuity ? "on" : "off",
        strategy);
  }
}
