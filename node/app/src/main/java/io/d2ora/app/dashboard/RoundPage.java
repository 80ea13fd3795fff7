package io.d2ora.app.dashboard;

import static io.d2ora.app.dashboard.Html.esc;
import static io.d2ora.app.dashboard.Html.hex;

import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainEvent.UpdateCommitted;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.RegistryRound;
import java.util.ArrayList;
import java.util.List;

/**
 * One round's page: parameters, the phase timeline, participants with their commitments, proposals
 * and attestations, finalization, settlement and payouts; every transaction links to its JSON.
 */
final class RoundPage {
  private RoundPage() {}

  static String render(RoundData d) {
    RegistryRound r = d.round();
    long id = r.roundId();
    StringBuilder b = new StringBuilder();
    b.append("<p>")
        .append(Html.link("/rounds/" + id + "/provenance", "Provenance of this round's model"))
        .append("</p>");
    b.append(
        Html.table(
            "summary",
            List.of(
                "status",
                "phase",
                "aggregator",
                "base model",
                "round config",
                "quorum",
                "reward pool",
                "latest block"),
            List.of(
                List.of(
                    esc(r.status()),
                    "<span id=\"phase\">" + esc(d.phase()) + "</span>",
                    hex(r.aggregator()),
                    hex(r.baseModelHash()),
                    hex(r.configHash()),
                    r.quorumBps() + " bps",
                    Html.tokens(r.rewardPool()) + " tokens",
                    d.latest().number() + " at " + esc(d.latest().time())))));
    b.append("<h2>Timeline</h2>").append(Timeline.render(d));
    b.append("<p>Join until ")
        .append(esc(r.joinDeadline()))
        .append(", commit until ")
        .append(esc(r.commitDeadline()))
        .append(", finalize until ")
        .append(esc(r.finalizeDeadline()))
        .append(" (deadlines exclusive, chain time).</p>");
    b.append("<h2>Participants and commitments</h2>").append(participants(d));
    b.append("<h2>Proposals and attestations</h2>").append(proposals(d));
    b.append("<h2>Finalization</h2>").append(finalization(d));
    b.append("<h2>Settlement and payouts</h2>").append(settlement(d));
    return Html.page("Round " + id, b.toString());
  }

  private static String participants(RoundData d) {
    List<List<String>> rows = new ArrayList<>();
    for (RegistryParticipant p : d.participants()) {
      String tx =
          d.events(UpdateCommitted.class).stream()
              .filter(e -> e.signer().equals(p.account()))
              .findFirst()
              .map(e -> txLink(d, e))
              .orElse("");
      rows.add(
          List.of(
              String.valueOf(p.index()),
              hex(p.account()),
              esc(p.status()) + (p.slashed() ? " <b>slashed</b>" : ""),
              Html.tokens(p.reservedStake()),
              block(p.joinBlock()),
              p.updateHash().map(Html::hex).orElse("-"),
              p.commitBlock() == 0 ? "-" : esc(p.numSamples()),
              block(p.commitBlock()),
              tx,
              p.attested() ? "#" + p.attestedProposal() + " in " + block(p.attestBlock()) : "-"));
    }
    return Html.table(
        "participants",
        List.of(
            "#",
            "account",
            "status",
            "stake reserved",
            "joined",
            "update hash",
            "samples",
            "commit block",
            "commit tx",
            "attested"),
        rows);
  }

  private static String proposals(RoundData d) {
    List<List<String>> rows = new ArrayList<>();
    for (RegistryProposal p : d.proposals()) {
      String tx =
          d.events(ChainEvent.AggregateProposed.class).stream()
              .filter(e -> e.proposalIndex() == p.index())
              .findFirst()
              .map(e -> txLink(d, e))
              .orElse("");
      rows.add(
          List.of(
              "#" + p.index(),
              hex(p.proposer()),
              hex(p.aggregateHash()),
              accounts(p.included()),
              esc(p.includedSamples()),
              p.attestations() + " / " + p.quorum(),
              accounts(p.attesters()),
              block(p.proposedBlock()),
              tx,
              p.reachedQuorum() ? "quorum in block " + p.quorumBlock() : "no quorum"));
    }
    return Html.table(
        "proposals",
        List.of(
            "proposal",
            "proposer",
            "aggregate",
            "included",
            "samples",
            "attestations",
            "attesters",
            "proposed",
            "tx",
            "result"),
        rows);
  }

  private static String finalization(RoundData d) {
    return d.events(ChainEvent.RoundFinalized.class).stream()
        .findFirst()
        .map(
            f ->
                "<p id=\"finalized\">Finalized with proposal #"
                    + f.proposalIndex()
                    + " (aggregate "
                    + hex(f.aggregateHash())
                    + ", "
                    + f.attestations()
                    + " attestations) in block "
                    + f.origin().blockNumber()
                    + ", tx "
                    + txLink(d, f)
                    + ".</p>")
        .orElse("<p id=\"finalized\">Not finalized.</p>");
  }

  private static String settlement(RoundData d) {
    List<List<String>> rows = new ArrayList<>();
    for (ChainEvent e : d.events()) {
      switch (e) {
        case ChainEvent.RewardPaid p -> rows.add(row(d, e, "reward", p.participant(), p.amount()));
        case ChainEvent.StakeReleased p ->
            rows.add(row(d, e, "stake released", p.participant(), p.amount()));
        case ChainEvent.Forfeited p ->
            rows.add(row(d, e, "forfeited", p.participant(), p.penalty()));
        case ChainEvent.Slashed p ->
            rows.add(row(d, e, "slashed (" + p.offense() + ")", p.offender(), p.amount()));
        case ChainEvent.RoundSettled s ->
            rows.add(
                List.of(
                    "settled",
                    "-",
                    "distributed "
                        + Html.tokens(s.distributed())
                        + ", refunded "
                        + Html.tokens(s.refunded())
                        + ", burned "
                        + Html.tokens(s.burned()),
                    block(e.origin().blockNumber()),
                    txLink(d, e)));
        case ChainEvent.RoundRefunded s ->
            rows.add(
                List.of(
                    "refunded (no quorum)",
                    "-",
                    "refunded " + Html.tokens(s.refunded()) + ", burned " + Html.tokens(s.burned()),
                    block(e.origin().blockNumber()),
                    txLink(d, e)));
        default -> {}
      }
    }
    return Html.table("payouts", List.of("what", "account", "tokens", "block", "tx"), rows);
  }

  private static List<String> row(
      RoundData d, ChainEvent e, String what, EthAddress who, java.math.BigInteger amount) {
    return List.of(
        esc(what), hex(who), Html.tokens(amount), block(e.origin().blockNumber()), txLink(d, e));
  }

  static String txLink(RoundData d, ChainEvent e) {
    String tx = e.origin().transactionHash().hex();
    return Html.link("/rounds/" + d.round().roundId() + "/tx/" + tx, hex(tx));
  }

  private static String accounts(List<EthAddress> list) {
    return String.join("<br>", list.stream().map(Html::hex).toList());
  }

  private static String block(long n) {
    return n == 0 ? "-" : "block " + n;
  }
}
