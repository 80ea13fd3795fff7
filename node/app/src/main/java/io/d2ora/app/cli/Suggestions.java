package io.d2ora.app.cli;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** The known names closest to a mistyped one, by edit distance. */
final class Suggestions {
  private Suggestions() {}

  /**
   * {@code " (did you mean 'x'?)"} for the names nearest to {@code typed}, or {@code ""} when none
   * is close: 1 edit for words of up to 3 letters, else 2.
   */
  static String closest(String typed, Collection<String> known) {
    int limit = typed.replaceFirst("^-+", "").length() <= 3 ? 1 : 2;
    int best = known.stream().mapToInt(k -> distance(typed, k)).min().orElse(Integer.MAX_VALUE);
    if (best > limit) {
      return "";
    }
    List<String> nearest = known.stream().filter(k -> distance(typed, k) == best).sorted().toList();
    return nearest.stream()
        .map(k -> "'" + k + "'")
        .collect(Collectors.joining(" or ", " (did you mean ", "?)"));
  }

  /** Levenshtein distance, with a swap of two neighbours counting as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
