package io.d2ora.app.verify;

import io.d2ora.app.cli.ModelLoader;
import io.d2ora.app.cli.UserException;
import io.d2ora.app.exchange.P2PUpdateExchange;
import io.d2ora.app.exchange.PeerBinding;
import io.d2ora.app.exchange.PeerStack;
import io.d2ora.app.ledger.ChainDirectory;
import io.d2ora.app.ledger.ChainRoundReader;
import io.d2ora.app.training.AdapterAggregator;
import io.d2ora.app.training.RoundConfig;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.RoundVerifier;
import io.d2ora.core.round.VerificationReport;
import io.d2ora.core.store.ContentStore;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of the chain plus a dial-only p2p node, for verifying rounds: the chain is read
 * without a key (nothing is sent; chain id and registry are the node's), updates come from the
 * local store or from the participants' registered peers and the bootstrap list.
 */
final class Verification implements AutoCloseable {
  private static final Duration DIAL_WAIT = Duration.ofSeconds(5);
  final ChainRoundReader ledger;
  final ChainDirectory directory;
  final RoundConfig config;
  final long chainId;
  final String registry;
  private final VerifyOptions options;
  private final ContentStore store;
  private PeerStack peers;
  private P2PUpdateExchange exchange;

  Verification(VerifyOptions options) {
    this.options = options;
    this.config = RoundConfig.read(options.roundConfig);
    this.ledger = options.chain.settings().roundReader(Duration.ofSeconds(1));
    this.chainId = ledger.chainId();
    this.registry = ledger.registry();
    this.directory = ledger.directory();
    Path dir = options.dataDir != null ? options.dataDir : Path.of(VerifyOptions.DEFAULT_DATA_DIR);
    this.store = ContentStore.open(dir.resolve("store"));
  }

  /** Verifies {@code round}, after checking that this node's round config is the round's. */
  VerificationReport verify(RoundId round) throws Exception {
    Optional<RoundInfo> info = ledger.round(round);
    if (info.isPresent() && !info.get().configHash().equals(config.hash())) {
      throw new UserException(
          "round "
              + round
              + " names config "
              + info.get().configHash()
              + " but "
              + options.roundConfig
              + " hashes to "
              + config.hash());
    }
    BaseModel base = baseModel();
    if (info.isPresent() && !info.get().baseModelHash().equals(base.hash())) {
      throw new UserException(
          "round "
              + round
              + " fine-tunes base model "
              + info.get().baseModelHash()
              + " but the loaded base model hashes to "
              + base.hash()
              + " (pass --base-model)");
    }
    startNetwork(round);
    AdapterAggregator aggregator =
        new AdapterAggregator(
            AdapterAggregator.only(config), base, chainId, registry, report -> {}, store::get);
    RoundVerifier verifier =
        new RoundVerifier(
            ledger,
            exchange,
            store,
            aggregator,
            aggregator,
            Duration.ofSeconds(options.fetchTimeoutSeconds),
            AdapterAggregator.LIMITS.maxFileBytes());
    return verifier.verify(round);
  }

  /** The base model, whose dimensions and weight norms the round's updates are checked against. */
  private BaseModel baseModel() {
    String name =
        options.baseModel != null ? options.baseModel : config.training("unused").baseModel();
    return ModelLoader.baseModel(name);
  }

  /** Dials the bootstrap peers and every participant's registered peer. */
  private void startNetwork(RoundId round) throws InterruptedException {
    peers =
        PeerStack.start(
            P2PConfig.builder(PrivateKey.generateEd25519())
                .listenAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                .build(),
            options.p2pBootstrap.stream().map(Multiaddr::parse).toList());
    exchange = peers.startExchange(chainId, store::get, PeerBinding.NONE);
    peers.dialParticipants(round, ledger, directory::peer);
    peers.awaitDialled(DIAL_WAIT);
  }

  @Override
  public void close() {
    if (peers != null) {
      peers.close();
    }
    ledger.close();
  }
}
