// The Node.js (V8) engine for the comparison: `node run_wasm.mjs FILE.wasm N`
// compiles and instantiates FILE.wasm (it must have no imports), calls its
// export run(N) and prints the i32 result as "i32:" and the unsigned value,
// as the other engines do.
import { readFileSync } from 'node:fs';

const [file, nText] = process.argv.slice(2);
if (!file || !/^\d+$/.test(nText ?? '')) {
  console.error('usage: node run_wasm.mjs FILE.wasm N');
  process.exit(2);
}
const { instance } = await WebAssembly.instantiate(readFileSync(file));
const result = instance.exports.run(Number(nText));
console.log(`i32:${result >>> 0}`);
