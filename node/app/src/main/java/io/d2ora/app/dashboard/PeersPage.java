package io.d2ora.app.dashboard;

import static io.d2ora.app.dashboard.Html.esc;
import static io.d2ora.app.dashboard.Html.hex;

import io.d2ora.app.ledger.PeerProofs;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.p2p.identity.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Peers: those connected to this node now (peer ID, addresses, state, gossip score) when the
 * dashboard runs inside {@code node run}, and those registered on chain (the latest registration
 * per account, with whether its proof verifies). All of it is peer-provided text, escaped.
 */
final class PeersPage {
  /** Registrations are looked for in this many latest blocks. */
  static final long SCAN_BLOCKS = 100_000;

  /** An account's latest peer registration as read from the chain. */
  record Registered(
      String account, String peerId, List<String> multiaddrs, boolean proven, long block) {}

  private PeersPage() {}

  static List<Registered> registered(ChainReader chain) {
    long latest = chain.blockNumber();
    Map<String, Registered> byAccount = new LinkedHashMap<>();
    for (ChainEvent e : chain.events(Math.max(0, latest - SCAN_BLOCKS), latest)) {
      if (e instanceof ChainEvent.PeerRegistered p) {
        PeerRegistration reg =
            new PeerRegistration(p.account(), p.peerIdHex(), p.multiaddrs(), p.proofHex());
        boolean proven = PeerProofs.verifies(reg, chain.chainId(), chain.registryAddress());
        byAccount.put(
            p.account().hex(),
            new Registered(
                p.account().hex(),
                peerIdText(p.peerIdHex()),
                p.multiaddrs(),
                proven,
                p.origin().blockNumber()));
      }
    }
    return List.copyOf(byAccount.values());
  }

  /** The base58 peer ID, or the raw hex when it is not a valid one. */
  static String peerIdText(String hex) {
    try {
      return new PeerId(java.util.HexFormat.of().parseHex(hex)).toString();
    } catch (RuntimeException e) {
      return "invalid peer ID 0x" + hex;
    }
  }

  static String render(Optional<List<PeerSource.LivePeer>> live, List<Registered> registered) {
    StringBuilder b = new StringBuilder("<h2>Connected now</h2>");
    if (live.isEmpty()) {
      b.append("<p id=\"live-unknown\">This dashboard runs outside a node, so it cannot know")
          .append(" connections or gossip scores: start it with <code>d2ora node run --http")
          .append(" PORT</code> to see them. Below is what peers registered on chain.</p>");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (PeerSource.LivePeer p : live.get()) {
        rows.add(
            List.of(
                "<code>" + esc(p.peerId()) + "</code>",
                addresses(p.addresses()),
                esc(p.state()),
                p.gossipScore().isPresent()
                    ? String.format(Locale.ROOT, "%.3f", p.gossipScore().getAsDouble())
                    : "-",
                esc(p.agent())));
      }
      b.append(
          Html.table(
              "live-peers",
              List.of("peer ID", "addresses", "connection", "gossip score", "agent"),
              rows));
    }
    List<List<String>> rows = new ArrayList<>();
    for (Registered r : registered) {
      rows.add(
          List.of(
              hex(r.account()),
              "<code>" + esc(r.peerId()) + "</code>",
              addresses(r.multiaddrs()),
              r.proven() ? "verifies" : "<b>does not verify</b> (ignored by nodes)",
              "block " + r.block()));
    }
    b.append("<h2>Registered on chain</h2>")
        .append(
            Html.table(
                "registered-peers",
                List.of("account", "peer ID", "multiaddrs", "proof", "registered"),
                rows));
    return Html.page("Peers", b.toString());
  }

  private static String addresses(List<String> list) {
    return String.join("<br>", list.stream().map(a -> "<code>" + esc(a) + "</code>").toList());
  }
}
