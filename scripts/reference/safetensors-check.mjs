// Independent safetensors reader (Node builtins only; keccak from ethers, already a project dependency).
// Follows huggingface/safetensors README "Format" literally and prints what it read as JSON:
//   node scripts/reference/safetensors-check.mjs FILE
// Used by SafetensorsNodeIT to prove update files open with a reader that shares no code with ours.
import { readFileSync } from "node:fs";
import { keccak256 } from "ethers";

const file = readFileSync(process.argv[2]);
const n = file.readBigUInt64LE(0);
if (n > BigInt(file.length - 8)) throw new Error(`header length ${n} beyond file`);
const headerText = file.subarray(8, 8 + Number(n)).toString("utf8");
const header = JSON.parse(headerText);
const bufferStart = 8 + Number(n);
const buffer = file.subarray(bufferStart);

const tensors = {};
const ranges = [];
for (const [name, info] of Object.entries(header)) {
  if (name === "__metadata__") continue;
  if (info.dtype !== "F32") throw new Error(`${name}: dtype ${info.dtype}`);
  const [begin, end] = info.data_offsets;
  const count = info.shape.reduce((a, b) => a * b, 1);
  if (end - begin !== 4 * count) throw new Error(`${name}: ${end - begin} bytes for shape ${info.shape}`);
  ranges.push([begin, end]);
  const values = [];
  for (let i = 0; i < count; i++) values.push(buffer.readFloatLE(begin + 4 * i));
  tensors[name] = { shape: info.shape, values };
}
ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
let at = 0;
for (const [b, e] of ranges) {
  if (b !== at) throw new Error(`gap or overlap at ${b}`);
  at = e;
}
if (at !== buffer.length) throw new Error(`buffer has ${buffer.length} bytes, tensors cover ${at}`);

console.log(JSON.stringify({
  headerLength: Number(n),
  headerTrailingSpaces: headerText.length - headerText.trimEnd().length,
  metadata: header.__metadata__ ?? {},
  tensors,
  keccak256: keccak256(file),
}));
