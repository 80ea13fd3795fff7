// Prints what scripts/netns-round.sh measured: each peer's outcome and when it reached each stage (seconds after
// the round was created), the verification verdict, the loss the nftables rules caused (counted, and seen by
// ping) and the delay the relays applied.
// Usage: node scripts/netns/report.mjs WORK PEERS SECONDS VERIFY_EXIT LOSS DELAY JITTER
import { readFileSync, existsSync } from "node:fs";

const [work, peers, seconds, verifyExit, loss, delay, jitter] = process.argv.slice(2);
const lines = (f) =>
  existsSync(f) ? readFileSync(f, "utf8").split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l)) : [];
const t = (e) => Date.parse(e.time) / 1000;

const logs = Array.from({ length: Number(peers) }, (_, i) => lines(`${work}/p${i + 1}.log`));
const created = logs[0].find((e) => e.event === "created");
const t0 = created ? t(created) : Math.min(...logs.flat().map(t));
console.log(`\n== one round, ${peers} peers in separate network namespaces: loss ${loss} %, ` +
  `delay ${delay} +/- ${jitter} ms per direction (user-space relays; no netem on this kernel)`);
const steps = ["TRAINED", "COMMITTED", "AGGREGATED", "ATTESTED", "CONCLUDED", "SETTLED"];
console.log("peer  result     included " + steps.map((s) => s.toLowerCase().padStart(11)).join("") +
  "   (journal, s after the round was created)");
logs.forEach((events, i) => {
  const outcome = events.find((e) => e.event === "outcome") ?? {};
  const file = `${work}/p${i + 1}/journal/round-1.json`;
  const journal = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : [];
  const at = (step) => {
    const e = journal.find((j) => j.step === step);
    return (e ? (e.at / 1000 - t0).toFixed(1) : "-").padStart(11);
  };
  console.log(`p${i + 1}    ${String(outcome.result ?? "-").padEnd(10)} ${String(outcome.included?.length ?? "-").padStart(8)} ` +
    steps.map(at).join(""));
  const waits = events.filter((e) => e.event === "status" && e.failures > 0).length;
  const penalties = events.filter((e) => e.event === "penalised").length;
  if (waits || penalties) console.log(`      (${waits} status lines reporting an outage, ${penalties} penalties)`);
});

let verdict = "-";
try { verdict = JSON.parse(readFileSync(`${work}/verify.json`, "utf8")).verdict; } catch {}
console.log(`verify round 1 (from peer 2's namespace): ${verdict}, exit ${verifyExit}; wall time ${seconds} s`);

const ping = existsSync(`${work}/ping.txt`) ? readFileSync(`${work}/ping.txt`, "utf8") : "";
const pingLoss = ping.match(/(\d+) packets transmitted, (\d+) received.*?([\d.]+)% packet loss/s);
const rtt = ping.match(/= ([\d.]+)\/([\d.]+)\/([\d.]+)/);
if (pingLoss) {
  console.log(`ping p1 -> p2: ${pingLoss[1]} echoes, ${pingLoss[3]} % lost (two random drops per echo: expect ~` +
    `${(100 * (1 - (1 - loss / 100) ** 2)).toFixed(1)} %), ICMP rtt min/avg ${rtt?.[1]}/${rtt?.[2]} ms (not delayed)`);
}
let seen = 0, dropped = 0;
for (const line of (existsSync(`${work}/nft.txt`) ? readFileSync(`${work}/nft.txt`, "utf8") : "").split("\n")) {
  const counts = [...line.matchAll(/packets (\d+)/g)].map((m) => Number(m[1]));
  if (counts.length === 2) { seen += counts[0]; dropped += counts[1]; }
}
if (seen) console.log(`nftables: ${dropped} of ${seen} packets arriving on the veths dropped (${(100 * dropped / seen).toFixed(2)} %)`);
for (const f of ["chain", ...Array.from({ length: Number(peers) }, (_, i) => `p${i + 1}`)]) {
  const stats = lines(`${work}/relay-${f}.json`)[0];
  if (stats) {
    console.log(`relay ${f.padEnd(5)}: ${stats.connections} connections, ${stats.chunks} chunks, ${stats.bytes} bytes, ` +
      `delay applied mean ${stats.delay_ms_mean} ms, max ${stats.delay_ms_max} ms`);
  }
}
