package io.d2ora.app.dashboard;

import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.RegistryRound;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's pages by path, without sockets:
 *
 * <pre>
 * /, /rounds                       rounds, newest first (at most {@link #MAX_LISTED})
 * /rounds/{id}                     one round: timeline, participants, proposals, settlement
 * /rounds/{id}/provenance          the provenance graph of the round's model
 * /rounds/{id}/tx/{hash}           JSON: the round's events in that transaction, the raw transaction
 * /curves                          learning curves from the data directories
 * /peers                           connected (inside a node) and registered peers
 * </pre>
 *
 * Paths reach it checked by {@link Paths#checked}; ids and hashes are checked here (400), unknown
 * rounds and paths are 404s, chain outages 503s.
 */
public final class Dashboard implements Route {
  static final int MAX_LISTED = 100;
  private final ChainAccess chain;
  private final RawTransactions raw;
  private final List<Path> dataDirs;
  private final PeerSource peers;

  /**
   * @param rpc the chain node's JSON-RPC URL, for raw transactions
   * @param dataDirs node data directories whose learning logs feed curves and provenance
   */
  public Dashboard(ChainAccess chain, URI rpc, List<Path> dataDirs, PeerSource peers) {
    this.chain = chain;
    this.raw = new RawTransactions(rpc);
    this.dataDirs = List.copyOf(dataDirs);
    this.peers = peers;
  }

  @Override
  public HttpReply handle(String path) {
    String[] s = path.substring(1).split("/", -1);
    if (path.equals("/") || path.equals("/rounds")) {
      return HttpReply.html(200, rounds());
    }
    if (s.length == 1 && s[0].equals("curves")) {
      return HttpReply.html(
          200,
          CurvesPage.render(
              LearningLog.read(dataDirs), dataDirs.stream().map(Path::toString).toList()));
    }
    if (s.length == 1 && s[0].equals("peers")) {
      return HttpReply.html(200, PeersPage.render(peers.live(), chain.read(PeersPage::registered)));
    }
    if (s.length >= 2 && s[0].equals("rounds")) {
      long id = Paths.roundId(s[1]);
      if (s.length == 2) {
        return HttpReply.html(200, RoundPage.render(chain.read(c -> RoundData.read(c, id))));
      }
      if (s.length == 3 && s[2].equals("provenance")) {
        LearningLog.Entries log = LearningLog.read(dataDirs);
        return HttpReply.html(
            200, ProvenancePage.render(id, chain.read(c -> Provenance.trace(c, id, log))));
      }
      if (s.length == 4 && s[2].equals("tx")) {
        return transaction(id, Paths.transaction(s[3]));
      }
    }
    throw new DashboardException(404, "There is no dashboard page at " + path + ".");
  }

  private String rounds() {
    return chain.read(
        c -> {
          long count = c.roundCount();
          List<RegistryRound> list = new ArrayList<>();
          for (long id = count; id >= 1 && list.size() < MAX_LISTED; id--) {
            c.round(id).ifPresent(list::add);
          }
          return RoundsPage.render(list, c.latestBlock(), chain.describe());
        });
  }

  private HttpReply transaction(long id, String tx) {
    List<ChainEvent> events =
        chain.read(
            c -> {
              if (c.round(id).isEmpty()) {
                throw RoundData.notFound(id, c.roundCount());
              }
              return c.roundEvents(id).stream()
                  .filter(
                      e -> e.origin().transactionHash().hex().toLowerCase(Locale.ROOT).equals(tx))
                  .toList();
            });
    if (events.isEmpty()) {
      throw new DashboardException(404, "Round " + id + " has no event in transaction " + tx + ".");
    }
    RawTransactions.Result r = raw.fetch(tx);
    return HttpReply.json(200, TxJson.render(id, tx, events, r.transaction(), r.error()));
  }
}
