// Prints what scripts/scale.sh measured. Times come from the peers' journals (each step's epoch ms) and --json
// events; phases per peer and round:
//   join                created (peer 1's event) -> JOINED        train       JOINED -> TRAINED
//   commit              TRAINED -> COMMITTED                       announce->fetched-all  ANNOUNCED -> last FETCHED
//   aggregate           max(commitments closed, last FETCHED) -> AGGREGATED; commitments close at the commit deadline
//                       or, once joining closed and everyone committed, at max(join deadline, last COMMITTED) (deadlines are chain
//                       time: converted to the clock with the chain's lead, read off the "created" event's join deadline)
//   propose->final      the round's first PROPOSED (any peer) -> CONCLUDED      settle   CONCLUDED -> SETTLED
// Gossip propagation: a signer's ANNOUNCED -> each other peer's "announcement" event for that signer.
// Round overhead: wall time (created -> last SETTLED) minus the slowest peer's train phase; and when the round settled
// relative to its commit deadline (negative: it moved on early, everyone having committed).
// Usage: node scripts/scale/report.mjs WORK PEERS ROUNDS JOIN_SECONDS SECONDS MODE LOSS DELAY JITTER
import { readFileSync, existsSync } from "node:fs";

const [work, peersArg, roundsArg, joinSeconds, seconds, mode, loss, delay, jitter] = process.argv.slice(2);
const rounds = Array.from({ length: Number(roundsArg) }, (_, i) => i + 1);
const peers = Number(peersArg);
const read = (f) => (existsSync(f) ? readFileSync(f, "utf8") : "");
const lines = (f) => read(f).split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
const ids = Array.from({ length: peers }, (_, i) => i + 1);
const events = ids.map((i) => lines(`${work}/p${i}.log`));
const journal = (i, r) => (existsSync(`${work}/p${i}/journal/round-${r}.json`)
  ? JSON.parse(read(`${work}/p${i}/journal/round-${r}.json`)) : []);
const step = (j, s) => j.find((e) => e.step === s)?.at;
const lastStep = (j, s) => Math.max(...j.filter((e) => e.step === s).map((e) => e.at), -Infinity);
const pct = (xs, p) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const sec = (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : "-");
const row = (cells, widths) => cells.map((c, k) => String(c).padStart(widths[k] ?? 10)).join(" ");
const address = ids.map((i) => events[i - 1].find((e) => e.event === "started")?.address?.toLowerCase());
const load = (f) => read(`${work}/${f}`).trim().split("\n").filter(Boolean).map((l) => Number(l.split(" ")[0]));

console.log(`\n== scale: ${peers} peers, ${rounds.length} round(s), ${mode === "netns"
  ? `each peer in its own network namespace; loss ${loss} %, delay ${delay} +/- ${jitter} ms per direction` +
    (Number(delay) > 0 ? " (user-space relays; no netem on this kernel)" : "")
  : "LOOPBACK (no network namespaces: bytes per peer not measured)"}`);
const during = load("load-during");
console.log(`machine: ${readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm).length} cores; load average ` +
  `before ${load("load-before")[0]}, during the run mean ${(during.reduce((a, b) => a + b, 0) / (during.length || 1)).toFixed(1)}` +
  ` max ${Math.max(...during, 0).toFixed(1)}; wall time of the whole run ${seconds} s`);

const phases = ["join", "train", "commit", "announce->fetched-all", "aggregate", "propose->final", "settle"];
const summary = [];
for (const r of rounds) {
  const created = events[0].find((e) => e.event === "created" && String(e.round) === String(r));
  const t0 = created ? Date.parse(created.time) : NaN;
  // The creator set join deadline = max(chain time, clock) + JOIN_SECONDS just before its "created" event.
  const chainLead = created ? (created.join_deadline - Number(joinSeconds)) * 1000 - t0 : NaN;
  const commitDeadline = created ? created.commit_deadline * 1000 - Math.max(0, chainLead) : NaN;
  const js = ids.map((i) => journal(i, r));
  const firstProposal = Math.min(...js.map((j) => step(j, "PROPOSED") ?? Infinity));
  const lastCommitted = Math.max(...js.map((j) => step(j, "COMMITTED") ?? -Infinity));
  const joinDeadline = created ? created.join_deadline * 1000 - Math.max(0, chainLead) : NaN;
  const closedAt = firstProposal < commitDeadline ? Math.max(lastCommitted, joinDeadline) : commitDeadline;
  const per = js.map((j) => {
    const fetchedAll = lastStep(j, "FETCHED");
    return {
      join: step(j, "JOINED") - t0,
      train: step(j, "TRAINED") - step(j, "JOINED"),
      commit: step(j, "COMMITTED") - step(j, "TRAINED"),
      "announce->fetched-all": fetchedAll - step(j, "ANNOUNCED"),
      // Blocks come once a second: the deadline seen on the clock is good to about a second.
      aggregate: Math.max(0, step(j, "AGGREGATED") - Math.max(closedAt, fetchedAll)),
      "propose->final": step(j, "CONCLUDED") - firstProposal,
      settle: step(j, "SETTLED") - step(j, "CONCLUDED"),
    };
  });
  console.log(`\nround ${r}: phase seconds across peers (n = peers that reached both ends)`);
  console.log(row(["phase", "p50", "max", "n"], [22, 8, 8, 4]));
  for (const p of phases) {
    const xs = per.map((x) => x[p]).filter(Number.isFinite);
    console.log(row([p, sec(pct(xs, 50)), sec(Math.max(...xs)), xs.length], [22, 8, 8, 4]));
  }
  const settled = Math.max(...js.map((j) => step(j, "SETTLED") ?? -Infinity));
  const slowest = Math.max(...per.map((x) => x.train).filter(Number.isFinite));
  const wall = settled - t0;
  const outcomes = events.map((ev) => ev.find((e) => e.event === "outcome" && String(e.round) === String(r)));
  const finalized = outcomes.filter((o) => o?.result === "FINALIZED" || o?.result === "VERIFIED").length;
  let verdict = "-";
  try { verdict = JSON.parse(read(`${work}/verify-${r}.json`)).verdict; } catch {}
  summary.push({ r, wall, slowest, finalized, verdict, exit: read(`${work}/verify-${r}.exit`).trim(),
    afterDeadline: settled - commitDeadline,
    included: outcomes[0]?.included?.length ?? "-" });

  // Gossip: the signer's ANNOUNCED to each other peer's receipt of its announcement.
  const gossip = [];
  ids.forEach((s) => {
    const sent = step(js[s - 1], "ANNOUNCED");
    ids.filter((q) => q !== s).forEach((q) => {
      const got = events[q - 1].find((e) => e.event === "announcement" && String(e.round) === String(r) &&
        e.signer?.toLowerCase() === address[s - 1]);
      if (sent && got) gossip.push(Date.parse(got.time) - sent);
    });
  });
  console.log(`gossip propagation (announce -> received, ${gossip.length} of ${peers * (peers - 1)} pairs): ` +
    `p50 ${pct(gossip, 50)} ms, p90 ${pct(gossip, 90)} ms, max ${Math.max(...gossip)} ms`);
}

console.log("\nround  finalized/verified  included  verify (exit)   wall s  slowest-train s  overhead s (%)" +
  "  settled - commit deadline s");
for (const s of summary) {
  const over = s.wall - s.slowest;
  console.log(`${String(s.r).padStart(5)}  ${`${s.finalized}/${peers}`.padStart(18)}  ${String(s.included).padStart(8)}  ` +
    `${`${s.verdict} (${s.exit})`.padEnd(14)} ${sec(s.wall).padStart(7)}  ${sec(s.slowest).padStart(15)}  ` +
    `${`${sec(over)} (${(100 * over / s.wall).toFixed(0)} %)`.padStart(14)}  ${sec(s.afterDeadline).padStart(27)}`);
}

const bytes = new Map(read(`${work}/bytes.txt`).split("\n").filter(Boolean).map((l) => {
  const [ns, rx, tx, ...rest] = l.trim().split(/\s+/);
  const acct = rest.filter((x) => /^\d+$/.test(x)).map(Number);
  return [ns, { rx: Number(rx), tx: Number(tx), rpcOut: acct[0], rpcIn: acct[1] }];
}));
const mib = (b) => (Number.isFinite(b) ? (b / 1048576).toFixed(2) : "-");
console.log("\npeer  sent MiB (rpc)   received MiB (rpc)  peak RSS MiB  trainer s per round");
const rss = [];
for (const i of ids) {
  const b = bytes.get(`d2s-p${i}`) ?? {};
  const kb = Number(read(`${work}/rss-p${i}`).trim().split(" ")[1]);
  rss.push(kb / 1024);
  const trained = events[i - 1].filter((e) => e.event === "trained").map((e) => e.seconds).join("/") || "-";
  console.log(`p${String(i).padEnd(4)} ${`${mib(b.tx)} (${mib(b.rpcOut)})`.padStart(16)} ${`${mib(b.rx)} (${mib(b.rpcIn)})`.padStart(20)}` +
    `  ${(Number.isFinite(kb) ? (kb / 1024).toFixed(0) : "-").padStart(12)}  ${trained.padStart(13)}`);
}
const chain = bytes.get("d2s-chain");
if (chain) console.log(`chain sent ${mib(chain.tx)} MiB, received ${mib(chain.rx)} MiB`);
const sampled = rss.filter(Number.isFinite);
console.log(`peak RSS per node (${sampled.length} of ${peers} sampled): median ${pct(sampled, 50).toFixed(0)} MiB, ` +
  `max ${Math.max(...sampled).toFixed(0)} MiB`);

const gas = JSON.parse(read(`${work}/gas.json`) || "{}");
console.log("\ngas per transaction type (receipts of the whole run, deployment included)");
console.log(row(["function", "count", "min", "median", "max", "reverted"], [22, 6, 9, 9, 9, 9]));
for (const [name, g] of Object.entries(gas).sort()) {
  console.log(row([name, g.count, g.min ?? "-", g.median ?? "-", g.max ?? "-", g.reverted], [22, 6, 9, 9, 9, 9]));
}
