// Gas per transaction type on a chain: reads every block's receipts and names each transaction by its function
// (selectors from the compiled artifacts; contract creations as "deploy"). Prints one JSON object:
// {"<function>": {"count": n, "min": g, "median": g, "max": g}, ...}.
// Usage: node scripts/scale/gas.mjs RPC_URL
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { Interface, JsonRpcProvider } from "ethers";

const provider = new JsonRpcProvider(process.argv[2], undefined, { staticNetwork: true });
const names = new Map();
for (const dir of existsSync("artifacts/contracts") ? readdirSync("artifacts/contracts") : []) {
  for (const f of readdirSync(`artifacts/contracts/${dir}`).filter((n) => n.endsWith(".json") && !n.endsWith(".dbg.json"))) {
    const abi = JSON.parse(readFileSync(`artifacts/contracts/${dir}/${f}`, "utf8")).abi ?? [];
    new Interface(abi).forEachFunction((fn) => names.set(fn.selector, fn.name));
  }
}
const gas = {};
const latest = await provider.getBlockNumber();
for (let n = 0; n <= latest; n++) {
  const block = await provider.getBlock(n);
  for (const hash of block?.transactions ?? []) {
    const [tx, receipt] = await Promise.all([provider.getTransaction(hash), provider.getTransactionReceipt(hash)]);
    const name = tx.to === null ? "deploy" : (names.get(tx.data.slice(0, 10)) ?? tx.data.slice(0, 10));
    (gas[name] ??= []).push(Number(receipt.gasUsed) * (receipt.status === 1 ? 1 : -1));
  }
}
const out = {};
for (const [name, list] of Object.entries(gas)) {
  const ok = list.filter((g) => g > 0).sort((a, b) => a - b);
  out[name] = { count: ok.length, reverted: list.length - ok.length, min: ok[0] ?? null,
    median: ok[Math.floor((ok.length - 1) / 2)] ?? null, max: ok[ok.length - 1] ?? null };
}
console.log(JSON.stringify(out));
