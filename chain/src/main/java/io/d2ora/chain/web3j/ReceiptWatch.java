package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainUnavailableException;
import io.d2ora.chain.web3j.TransactionSender.Signed;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Waits for one sent transaction (one nonce) to be mined and confirmed, polling the receipts of
 * every version sent: the first and its fee-bumped replacements. A failed poll is only retried;
 * nothing here signs a new nonce. While the node does not know the latest version it is re-sent as
 * the same bytes (its answer may have been lost before the node got it); while it stays pending
 * past {@code feeBumpAfter} (a quarter of it near the deadline) a replacement with higher fees is
 * sent, at most {@code maxFeeBumps} times.
 */
final class ReceiptWatch {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptWatch.class);
  private static final Duration REBROADCAST_AFTER = Duration.ofSeconds(2);

  private final TransactionSender sender;
  private final String operation;
  private final Instant nearDeadline;
  private final List<Signed> versions = new ArrayList<>();
  private Instant lastSubmit = Instant.now();
  private Instant lastBroadcast = Instant.now();

  ReceiptWatch(TransactionSender sender, String operation, Signed first, Instant nearDeadline) {
    this.sender = sender;
    this.operation = operation;
    this.nearDeadline = nearDeadline;
    versions.add(first);
  }

  TransactionReceipt await() {
    var config = sender.config();
    Instant giveUp = Instant.now().plus(config.receiptTimeout());
    while (true) {
      Optional<TransactionReceipt> mined = minedVersion();
      if (mined.isPresent() && confirmed(mined.get())) {
        return mined.get();
      }
      Instant now = Instant.now();
      if (now.isAfter(giveUp)) {
        throw new ChainUnavailableException(
            "%s: transaction %s (nonce %s) not mined and confirmed within %s"
                .formatted(operation, hashes(), latest().nonce(), config.receiptTimeout()),
            false,
            null);
      }
      if (mined.isEmpty()) {
        if (bumpDue(now)) {
          bump();
        } else if (Duration.between(lastBroadcast, now).compareTo(REBROADCAST_AFTER) >= 0) {
          rebroadcastIfUnknown();
        }
      }
      sleep(config.receiptPollInterval());
    }
  }

  private Optional<TransactionReceipt> minedVersion() {
    for (Signed v : versions.reversed()) {
      try {
        var receipt = sender.web3j().ethGetTransactionReceipt(v.hash()).send();
        if (!receipt.hasError() && receipt.getTransactionReceipt().isPresent()) {
          return receipt.getTransactionReceipt();
        }
      } catch (IOException e) {
        LOG.debug("{}: polling the receipt of {}: {}", operation, v.hash(), e.getMessage());
      }
    }
    return Optional.empty();
  }

  private boolean confirmed(TransactionReceipt receipt) {
    int confirmations = sender.config().confirmations();
    if (confirmations == 0) {
      return true;
    }
    try {
      BigInteger head = sender.web3j().ethBlockNumber().send().getBlockNumber();
      return head.compareTo(receipt.getBlockNumber().add(BigInteger.valueOf(confirmations))) >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean bumpDue(Instant now) {
    var config = sender.config();
    if (versions.size() > config.maxFeeBumps()) {
      return false;
    }
    Duration wait =
        now.isBefore(nearDeadline) ? config.feeBumpAfter() : config.feeBumpAfter().dividedBy(4);
    return Duration.between(lastSubmit, now).compareTo(wait) >= 0;
  }

  private void bump() {
    Signed last = latest();
    Fees fees;
    try {
      fees =
          last.fees()
              .bumped(
                  io.d2ora.chain.ChainConfig.FEE_BUMP_PERCENT,
                  Fees.current(sender.web3j(), operation));
    } catch (ChainUnavailableException e) {
      LOG.debug("{}: reading fees for a replacement: {}", operation, e.getMessage());
      return;
    }
    Signed replacement = sender.sign(last.nonce(), last.gasLimit(), last.to(), last.data(), fees);
    LOG.info(
        "{}: {} still pending after {}; replacing it with {} (nonce {}, max fee {} wei)",
        operation,
        last.hash(),
        Duration.between(lastSubmit, Instant.now()).toSeconds() + " s",
        replacement.hash(),
        last.nonce(),
        fees.maxFee());
    versions.add(replacement);
    sender.resend(operation, replacement);
    lastSubmit = Instant.now();
    lastBroadcast = lastSubmit;
  }

  private void rebroadcastIfUnknown() {
    Signed last = latest();
    lastBroadcast = Instant.now();
    try {
      var known = sender.web3j().ethGetTransactionByHash(last.hash()).send();
      if (known.hasError() || known.getTransaction().isPresent()) {
        return;
      }
    } catch (IOException e) {
      return;
    }
    LOG.info("{}: the node does not know {}; sending the same bytes again", operation, last.hash());
    sender.resend(operation, last);
  }

  private Signed latest() {
    return versions.getLast();
  }

  private List<String> hashes() {
    return versions.stream().map(Signed::hash).toList();
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainUnavailableException(
          operation + ": interrupted awaiting " + hashes(), false, e);
    }
  }
}
