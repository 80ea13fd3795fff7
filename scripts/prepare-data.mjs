// Writes the UCI sentiment sentences (npm `sentiment@5.0.2`, test/fixtures/{imdb,yelp,amazon}.json) as JSONL
// shards: one domain per peer, each split into fixed, seeded train / validation / test sets (about 60 / 10 / 30: 300 held-out
// test sentences per domain, so a 95% interval on a domain's accuracy is about +-3 points and no sentence used for
// training or model selection is ever scored). Writes SPLIT_VERSION last; scripts/setup.sh regenerates the data
// when that marker differs from SPLIT_VERSION here.
// Usage: node scripts/prepare-data.mjs <extracted npm package dir> <output dir>
import fs from "node:fs";
import path from "node:path";

const [packageDir, outDir] = process.argv.slice(2);
if (!packageDir || !outDir) {
  console.error("usage: prepare-data.mjs <sentiment package dir> <output dir>");
  process.exit(2);
}
const DOMAINS = ["imdb", "yelp", "amazon"];
const LABELS = ["negative", "positive"];
const SEED = 20240213; // fixed: the splits must be identical on every machine
export const SPLIT_VERSION = "2 deduplicated; test-150 validation-50 per class; train the rest";
const [TEST, VALIDATION] = [150, 50]; // per class; the rest (at least 291 per class) is the training set

// mulberry32: a tiny, well-known seeded PRNG, so splits don't depend on the JS engine's Math.random.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(items, seed) {
  const out = items.slice();
  const next = rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const writeJsonl = (file, rows) =>
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");

DOMAINS.forEach((domain, d) => {
  const source = path.join(packageDir, "test", "fixtures", `${domain}.json`);
  const rows = JSON.parse(fs.readFileSync(source, "utf8"))
    .filter((r) => r.text.trim() !== "" && (r.class === 0 || r.class === 1)) // drop the empty junk record
    .map((r) => ({ text: r.text.trim(), label: LABELS[r.class] }));
  if (rows.length !== 1000) throw new Error(`${source}: expected 1000 sentences, found ${rows.length}`);
  // The source repeats a few sentences (up to 13 per domain): keep each text once (case-insensitive), so no test
  // sentence is also a training or validation sentence.
  const seen = new Set();
  const unique = rows.filter((r) => !seen.has(r.text.toLowerCase()) && seen.add(r.text.toLowerCase()));
  // Stratified: shuffle each class alone so every split keeps the 50/50 balance.
  const splits = { train: [], validation: [], test: [] };
  LABELS.forEach((label, l) => {
    const cls = shuffled(unique.filter((r) => r.label === label), SEED + 31 * d + l);
    splits.test.push(...cls.slice(0, TEST));
    splits.validation.push(...cls.slice(TEST, TEST + VALIDATION));
    splits.train.push(...cls.slice(TEST + VALIDATION));
  });
  const dir = path.join(outDir, domain);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, split] of Object.entries(splits)) {
    writeJsonl(path.join(dir, `${name}.jsonl`), shuffled(split, SEED + 97 * d + name.length));
  }
  console.log(`${domain}: train ${splits.train.length}, validation ${splits.validation.length}, test ${splits.test.length}`);
});
fs.writeFileSync(path.join(outDir, "SPLIT_VERSION"), SPLIT_VERSION + "\n");
