// Prints the demo's figures from the files scripts/demo.sh wrote: per round the participants, each peer's local
// (validation) accuracy, who proposed the result and who attested it (the quorum that finalized it), the
// settlement (rewards, released stake), the aggregate's accuracy on every domain's test split, its hash and the
// verification verdict; then each peer's stake after the rounds, the comparison with the central and
// local-only baselines, and the wall time. Every test accuracy carries its 95% Wilson interval (n = the domain's
// test sentences; for the mean, the pooled sentences of all three domains, which have equal counts).
// Usage: node scripts/demo-report.mjs WORK_DIR ROUNDS SECONDS (from the project root: reads .cache/data/*/test.jsonl)
import { readFileSync, existsSync } from "node:fs";

const [work, roundsText, seconds] = process.argv.slice(2);
const rounds = Number(roundsText);
const domains = ["imdb", "yelp", "amazon"];
const lines = (file) => readFileSync(file, "utf8").split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
const scores = JSON.parse(readFileSync(`${work}/scores.json`, "utf8"));
const pct = (x) => (x == null ? "  -  " : (100 * x).toFixed(1).padStart(5));
const mean = (row) => domains.reduce((s, d) => s + row[d], 0) / domains.length;
const testCount = Object.fromEntries(domains.map((d) =>
  [d, readFileSync(`.cache/data/${d}/test.jsonl`, "utf8").split("\n").filter((l) => l.trim()).length]));
const pooled = domains.reduce((s, d) => s + testCount[d], 0);
// Wilson score interval, 95%: where the true accuracy lies given round(p n) correct of n.
const wilson = (p, n) => {
  const z = 1.959963984540054, k = Math.round(p * n) / n, z2 = z * z;
  const c = (k + z2 / (2 * n)) / (1 + z2 / n), h = (z / (1 + z2 / n)) * Math.sqrt((k * (1 - k)) / n + z2 / (4 * n * n));
  return [Math.max(0, c - h), Math.min(1, c + h)];
};
const ci = (p, n) => (p == null ? "" : ` [${wilson(p, n).map((x) => (100 * x).toFixed(1)).join(", ")}]`);
const pctCi = (p, n) => `${pct(p)}%${ci(p, n)}`;

const events = Object.fromEntries(domains.map((d) => [d, lines(`${work}/peer-${d}.log`)]));
const names = Object.fromEntries(domains.map((d) => [events[d].find((e) => e.event === "started")?.address, d]));
const who = (address) => names[address] ?? address;
const tokens = (units) => (Number(BigInt(units ?? 0) / 10n ** 12n) / 1e6).toFixed(4);
for (let r = 1; r <= rounds; r++) {
  const verify = JSON.parse(readFileSync(`${work}/verify-${r}.json`, "utf8") || "{}");
  const exit = readFileSync(`${work}/verify-${r}.exit`, "utf8").trim();
  console.log(`\n== round ${r}`);
  for (const d of domains) {
    // The trained events of a peer come in round order; the n-th belongs to its n-th round.
    const trained = events[d].filter((e) => e.event === "trained")[r - 1];
    const outcome = events[d].find((e) => e.event === "outcome" && Number(e.round) === r);
    const address = events[d].find((e) => e.event === "started")?.address;
    console.log(`  peer ${d.padEnd(6)} ${address}  local accuracy ${pct(trained?.validation_accuracy)}%  ` +
      `outcome ${outcome?.result ?? "-"}`);
  }
  const row = scores[`round-${r}`];
  console.log(`  participants ${verify.contributors?.length ?? 0}, included ${verify.included?.length ?? 0}`);
  for (const p of verify.proposals ?? []) {
    console.log(`  proposal ${p.index} by ${who(p.proposer)}: ${p.aggregate_hash.slice(0, 18)}... over ` +
      `${p.included.length}, attested by [${p.attesters.map(who).join(", ")}] ` +
      `(${p.attestations} of quorum ${p.quorum})${p.finalized ? " -> finalized" : ""}`);
  }
  const fin = verify.finalization;
  if (fin) console.log(`  finalized by quorum in block ${fin.block}: ${fin.attestations} of ${fin.counted} attested`);
  const s = verify.settlement;
  if (s) {
    console.log(`  ${s.refunded ? "refunded" : "settled"} in block ${s.block}; rewards: ` +
      (Object.entries(s.rewards).map(([a, v]) => `${who(a)} ${tokens(v)}`).join(", ") || "none"));
  } else {
    console.log("  not settled");
  }
  console.log(`  aggregate ${verify.finalized_hash}`);
  console.log(`  aggregate accuracy: ` + domains.map((d) => `${d} ${pctCi(row[d], testCount[d])}`).join("  ") +
    `  mean ${pctCi(mean(row), pooled)}`);
  console.log(`  verification: ${verify.verdict} (d2ora verify round ${r} exit ${exit})` +
    (verify.reasons?.length ? ` reasons: ${verify.reasons.join("; ")}` : ""));
}

console.log("\n== stake after the rounds (settling released every reservation)");
for (const d of domains) {
  const file = `${work}/stake-${d}.json`;
  if (!existsSync(file)) continue;
  const st = JSON.parse(readFileSync(file, "utf8"));
  console.log(`  peer ${d.padEnd(6)} staked ${tokens(st.staked)}  reserved ${tokens(st.reserved)}  free ${tokens(st.free)}`);
}

console.log(`\n== comparison on the test splits (same budget: exactly the sentences the peers trained on, same passes)`);
console.log(`  test sentences: ${domains.map((d) => `${d} ${testCount[d]}`).join(", ")}; 95% Wilson intervals in brackets`);
console.log(`  ${"model".padEnd(14)} ${domains.map((d) => d.padEnd(20)).join("")}mean`);
const models = [`round-${rounds}`, "central", ...domains.map((d) => `local-${d}`)];
for (const m of models) {
  const row = scores[m];
  console.log(`  ${m.padEnd(14)} ${domains.map((d) => pctCi(row[d], testCount[d]).padEnd(20)).join("")}` +
    pctCi(mean(row), pooled));
}
const fed = scores[`round-${rounds}`];
const gap = 100 * (mean(fed) - mean(scores.central));
console.log(`\n  federated vs central (mean): ${gap >= 0 ? "+" : ""}${gap.toFixed(1)} points` +
  ` (target: within 1 point) -> ${gap >= -1.0 - 1e-9 ? "met" : "NOT met"}`);
for (const d of domains) {
  const others = domains.filter((o) => o !== d);
  const beats = others.every((o) => fed[o] > scores[`local-${d}`][o]);
  console.log(`  federated vs local-${d} on ${others.join(", ")}: ` +
    others.map((o) => `${pct(fed[o])}% vs ${pct(scores[`local-${d}`][o])}%`).join(", ") + ` -> ${beats ? "beats" : "does NOT beat"}`);
}
console.log(`\nwall time: ${Math.floor(seconds / 60)} min ${seconds % 60} s; files in ${work}`);
if (!existsSync(`${work}/verify-${rounds}.json`)) process.exitCode = 1;
