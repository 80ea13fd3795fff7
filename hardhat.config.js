// The repository root is the Hardhat project; sources and tests live under contracts/.
// solc comes from the npm package `solc` (wasm): Hardhat cannot download compilers on this network.
import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);
const solcVersion = require("solc/package.json").version;

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: {
        version: solcVersion,
        path: require.resolve("solc/soljson.js"),
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
    },
  },
  networks: {
    // The local Hardhat node started by scripts/devnet.sh (it exports D2ORA_DEVNET_RPC_URL for its port).
    devnet: {
      type: "http",
      chainType: "l1",
      url: process.env.D2ORA_DEVNET_RPC_URL ?? "http://127.0.0.1:8545",
    },
  },
  paths: {
    sources: "./contracts",
    tests: { mocha: "./contracts/test" },
  },
});
