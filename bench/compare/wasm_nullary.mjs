// For engines that can call an export but cannot pass it arguments (wabt
// 1.0.32's wasm-interp runs only parameterless exports, with
// --run-all-exports): addNullaryRun returns a copy of a module with one more
// function, exported as `bench`, of type () -> i32, whose body is
// `i32.const n; call run`. Nothing else in the module changes, and appending a
// function renumbers no existing one.

const SECTION_TYPE = 1;
const SECTION_IMPORT = 2;
const SECTION_FUNCTION = 3;
const SECTION_EXPORT = 7;
const SECTION_CODE = 10;
const EXTERN_FUNCTION = 0;
const EXPORT_NAME = 'bench';

class Reader {
  constructor(bytes, pos = 0) {
    this.bytes = bytes;
    this.pos = pos;
  }
  byte() {
    if (this.pos >= this.bytes.length) throw new Error('truncated module');
    return this.bytes[this.pos++];
  }
  u32() {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
  }
  name() {
    const length = this.u32();
    const text = Buffer.from(this.bytes.subarray(this.pos, this.pos + length));
    this.pos += length;
    return text.toString('utf8');
  }
  limits() {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

function uleb(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) b |= 0x80;
    out.push(b);
  } while (value !== 0);
  return out;
}

function sleb32(value) {
  const out = [];
  value |= 0;
  for (;;) {
    const b = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && !(b & 0x40)) || (value === -1 && b & 0x40);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

function nameBytes(text) {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

function parseSections(bytes) {
  const reader = new Reader(bytes, 8);
  const sections = [];
  while (reader.pos < bytes.length) {
    const id = reader.byte();
    const size = reader.u32();
    sections.push({ id, payload: bytes.subarray(reader.pos, reader.pos + size) });
    reader.pos += size;
  }
  return sections;
}

function countImportedFunctions(payload) {
  const reader = new Reader(payload);
  let functions = 0;
  for (let count = reader.u32(); count > 0; --count) {
    reader.name();
    reader.name();
    const kind = reader.byte();
    if (kind === EXTERN_FUNCTION) {
      reader.u32();
      ++functions;
    } else if (kind === 1) {  // table: reference type, limits
      reader.byte();
      reader.limits();
    } else if (kind === 2) {  // memory: limits
      reader.limits();
    } else if (kind === 3) {  // global: value type, mutability
      reader.byte();
      reader.byte();
    } else {
      throw new Error(`unknown import kind ${kind}`);
    }
  }
  return functions;
}

function findFunctionExport(payload, wanted) {
  const reader = new Reader(payload);
  for (let count = reader.u32(); count > 0; --count) {
    const name = reader.name();
    const kind = reader.byte();
    const index = reader.u32();
    if (name === wanted && kind === EXTERN_FUNCTION) return index;
  }
  throw new Error(`no exported function '${wanted}'`);
}

// A vector section with `extra` appended to its entries.
function appendEntry(payload, extra) {
  const reader = new Reader(payload);
  const count = reader.u32();
  const rest = payload.subarray(reader.pos);
  return { count, payload: Uint8Array.from([...uleb(count + 1), ...rest, ...extra]) };
}

export function addNullaryRun(bytes, n) {
  const sections = parseSections(bytes);
  const find = (id) => {
    const section = sections.find((s) => s.id === id);
    if (!section) throw new Error(`module has no section ${id}`);
    return section;
  };
  const imports = sections.find((s) => s.id === SECTION_IMPORT);
  const imported = imports ? countImportedFunctions(imports.payload) : 0;
  const run = findFunctionExport(find(SECTION_EXPORT).payload, 'run');

  const types = find(SECTION_TYPE);
  const type = appendEntry(types.payload, [0x60, 0x00, 0x01, 0x7f]);
  types.payload = type.payload;
  const functions = find(SECTION_FUNCTION);
  const func = appendEntry(functions.payload, uleb(type.count));
  functions.payload = func.payload;
  const exports = find(SECTION_EXPORT);
  exports.payload = appendEntry(exports.payload, [
    ...nameBytes(EXPORT_NAME), EXTERN_FUNCTION, ...uleb(imported + func.count),
  ]).payload;
  // No locals; i32.const n; call run; end.
  const body = [0x00, 0x41, ...sleb32(n), 0x10, ...uleb(run), 0x0b];
  const code = find(SECTION_CODE);
  code.payload = appendEntry(code.payload, [...uleb(body.length), ...body]).payload;

  const out = [...bytes.subarray(0, 8)];
  for (const { id, payload } of sections) {
    out.push(id, ...uleb(payload.length));
    for (const b of payload) out.push(b);
  }
  return Uint8Array.from(out);
}
