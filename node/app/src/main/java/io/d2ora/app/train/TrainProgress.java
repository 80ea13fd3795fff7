package io.d2ora.app.train;

import io.d2ora.core.train.Evaluation;
import io.d2ora.core.train.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints training progress: a redrawn bar on a terminal, otherwise a plain line every few steps
 * (and at the last step), plus one line per epoch with validation accuracy.
 */
final class TrainProgress implements ProgressListener {
  private static final int BAR_WIDTH = 30;
  private final PrintWriter out;
  private final boolean terminal;
  private long lastLine = -1;

  TrainProgress(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void onStep(StepProgress p) {
    String stats =
        String.format(
            Locale.ROOT,
            "step %d/%d  epoch %d  loss %.4f  lr %.2e  %.0f tok/s  ETA %s",
            p.step(),
            p.totalSteps(),
            p.epoch(),
            p.loss(),
            p.learningRate(),
            p.tokensPerSecond(),
            duration(p.etaSeconds()));
    if (terminal) {
      int filled = (int) (BAR_WIDTH * p.step() / Math.max(1, p.totalSteps()));
      out.print("\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + stats);
      out.flush();
    } else if (lastLine < 0 || p.step() - lastLine >= 10 || p.step() == p.totalSteps()) {
      out.println(stats);
      lastLine = p.step();
    }
  }

  @Override
  public void onEpoch(EpochSummary s) {
    if (terminal) {
      out.println();
    }
    Evaluation v = s.validation();
    out.println(
        String.format(
            Locale.ROOT,
            "epoch %d: train loss %.4f%s",
            s.epoch(),
            s.trainLoss(),
            v == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    ", validation accuracy %.4f (95%% CI %s %%, loss %.4f, %d examples)",
                    v.accuracy(),
                    v.accuracyInterval().percent(),
                    v.loss(),
                    v.count())));
    out.flush();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
