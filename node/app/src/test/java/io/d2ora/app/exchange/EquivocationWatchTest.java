package io.d2ora.app.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.LedgerRejectedException;
import io.d2ora.core.round.LedgerUnavailableException;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.store.ContentHash;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The attacker signs two updates for one round and announces both (to different peers, or one after
 * the other, hoping to be judged by whichever arrives first). The watch must turn the pair into
 * exactly one report, never one for an update merely seen twice, and never flood the chain with
 * retries the registry already refused.
 */
class EquivocationWatchTest {
  private static final Address SIGNER = Address.parse("0x" + "ab".repeat(20));
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private final Queue<Supplier<String>> answers = new ArrayDeque<>();
  private final List<String> told = new CopyOnWriteArrayList<>();
  private EquivocationWatch watch;

  @AfterEach
  void close() {
    if (watch != null) {
      watch.close();
    }
  }

  /** The registry's side, answering reports in the order queued (a tx hash by default). */
  private final UpdateSignatures registry =
      new UpdateSignatures() {
        @Override
        public SignedAnnouncement sign(UpdateAnnouncement own) {
          throw new UnsupportedOperationException("a watch never signs");
        }

        @Override
        public boolean verify(SignedAnnouncement announcement) {
          throw new UnsupportedOperationException("a watch sees verified announcements only");
        }

        @Override
        public String report(SignedAnnouncement first, SignedAnnouncement second) {
          reports.add(
              first.announcement().updateHash() + " vs " + second.announcement().updateHash());
          Supplier<String> answer = answers.poll();
          return answer == null ? "0xtx" : answer.get();
        }
      };

  private final EquivocationReports listener =
      new EquivocationReports() {
        @Override
        public void reported(RoundId round, Address offender, String tx) {
          told.add("reported " + round + " " + offender + " " + tx);
        }

        @Override
        public void notReported(RoundId round, Address offender, String reason) {
          told.add("not reported " + round + " " + offender + ": " + reason);
        }
      };

  private EquivocationWatch watch() {
    watch = new EquivocationWatch(registry, listener, Duration.ofMillis(10));
    return watch;
  }

  private static SignedAnnouncement signed(long round, int hash, long samples) {
    byte[] h = new byte[32];
    h[31] = (byte) hash;
    byte[] signature = new byte[65];
    signature[0] = (byte) (hash * 31 + samples);
    return new SignedAnnouncement(
        new UpdateAnnouncement(RoundId.of(round), SIGNER, ContentHash.of(h), 1000),
        samples,
        signature);
  }

  private void awaitTold(int count) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (told.size() < count && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    Thread.sleep(50); // nothing more may follow
  }

  @Test
  void shouldReportTwoUpdatesSignedForOneRoundExactlyOnce() throws Exception {
    EquivocationWatch w = watch();

    w.observe(signed(1, 1, 16));
    w.observe(signed(1, 1, 16));
    w.observe(signed(1, 2, 16));
    w.observe(signed(1, 3, 16));
    awaitTold(1);

    assertThat(reports)
        .containsExactly(
            signed(1, 1, 16).announcement().updateHash()
                + " vs "
                + signed(1, 2, 16).announcement().updateHash());
    assertThat(told).containsExactly("reported 1 " + SIGNER + " 0xtx");
  }

  @Test
  void shouldTakeAnotherSampleCountForTheSameHashAsEquivocation() throws Exception {
    EquivocationWatch w = watch();

    w.observe(signed(1, 1, 16));
    w.observe(signed(1, 1, 1_000_000));
    awaitTold(1);

    assertThat(reports).hasSize(1);
  }

  @Test
  void shouldNotReportOneUpdateAnnouncedInTwoRounds() throws Exception {
    EquivocationWatch w = watch();

    w.observe(signed(1, 1, 16));
    w.observe(signed(2, 1, 16));
    w.observe(signed(2, 1, 16));
    awaitTold(1);

    assertThat(reports).isEmpty();
    assertThat(told).isEmpty();
  }

  @Test
  void shouldTellARefusedReportAndNotRetryIt() throws Exception {
    answers.add(
        () -> {
          throw new LedgerRejectedException("AlreadySlashed(1, " + SIGNER + ")");
        });
    EquivocationWatch w = watch();

    w.observe(signed(1, 1, 16));
    w.observe(signed(1, 2, 16));
    w.observe(signed(1, 3, 16));
    awaitTold(1);

    assertThat(reports).hasSize(1);
    assertThat(told)
        .singleElement()
        .asString()
        .startsWith("not reported")
        .contains("AlreadySlashed");
  }

  @Test
  void shouldRetryAReportWhileTheChainIsUnreachable() throws Exception {
    for (int i = 0; i < 2; i++) {
      answers.add(
          () -> {
            throw new LedgerUnavailableException("connection refused");
          });
    }
    EquivocationWatch w = watch();

    w.observe(signed(1, 1, 16));
    w.observe(signed(1, 2, 16));
    awaitTold(1);

    assertThat(reports).hasSize(3);
    assertThat(told).containsExactly("reported 1 " + SIGNER + " 0xtx");
  }

  @Test
  void shouldGiveUpAfterItsAttemptsAndSaySo() throws Exception {
    for (int i = 0; i < EquivocationWatch.ATTEMPTS; i++) {
      answers.add(
          () -> {
            throw new LedgerUnavailableException("connection refused");
          });
    }
    EquivocationWatch w = watch();

    w.observe(signed(1, 1, 16));
    w.observe(signed(1, 2, 16));
    awaitTold(1);

    assertThat(reports).hasSize(EquivocationWatch.ATTEMPTS);
    assertThat(told).singleElement().asString().startsWith("not reported").contains("refused");
  }

  @Test
  void shouldForgetTheOldestSignersBeyondItsBound() throws Exception {
    EquivocationWatch w = watch();

    for (int round = 1; round <= EquivocationWatch.MAX_TRACKED + 1; round++) {
      w.observe(signed(round, 1, 16));
    }
    w.observe(signed(1, 2, 16)); // round 1's first update was forgotten: nothing to compare
    w.observe(signed(EquivocationWatch.MAX_TRACKED + 1, 2, 16));
    awaitTold(1);

    assertThat(reports).hasSize(1);
  }
}
