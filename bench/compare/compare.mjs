// Runs every benchmark workload under every engine, checks that each engine
// returns the native program's checksum, and reports median times and ratios:
// a markdown report on stdout, a JSON record for tracking over commits, and a
// bar chart of the ratios. compare.sh builds what this needs and runs it; see
// README.md for the options and the output.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addNullaryRun } from './wasm_nullary.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const PROBE_N = 7;  // the startup module's run(n) returns n: a cheap probe
// Runs "$@" under a time limit ($1 seconds) and prints "@time REAL USER SYS"
// (seconds) on stderr when it ends.
const TIMED_RUN = 'TIMEFORMAT="@time %3R %3U %3S"; limit=$1; shift; time timeout -k 5 "$limit" "$@"';
// The dytallix engines whose time per executed instruction is reported, and
// the run that counts the instructions (it prints "instructions: N").
const COUNTED_ENGINES = ['dytallix', 'dytallix-nogas'];
const COUNT_TEMPLATE = '{dytallix} run {wasm} --count-instructions --invoke run {n}';

const USAGE = `usage: compare.sh [options]   (or: node compare.mjs --build-dir DIR [options])
  --quick               small sizes and few repetitions: a smoke test
  --reps N              timed runs per workload and engine (default 5; quick 3)
  --startup-reps N      runs of the start-up measurement (default 20; quick 5)
  --timeout SECONDS     limit for one run; a run over it is reported as a
                        timeout (default 600; quick 120)
  --metric wall|cpu     what the tables and chart compare: elapsed time, or
                        the process's user + system CPU time, steadier on a
                        busy machine (default wall; the JSON has both)
  --engines A,B         run only these engines (native always runs)
  --engine NAME=TEMPLATE
                        add an engine, or replace one of the same name
                        (an engine given this way always runs)
  --workloads A,B       run only these workloads
  --n NAME=N            size of one workload (repeatable)
  --build-dir DIR       the build with bench/workloads (default build/bench)
  --out DIR             where results go (default BUILD_DIR/bench-results)
  --no-chart            skip the PNG chart
Template placeholders: {wasm} the module, {wasm0} the module with an extra
export 'bench' () -> i32 that calls run(n), {n}, {native}, {dytallix}.`;

// ---------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const options = {
    quick: false, reps: null, startupReps: null, timeout: null, metric: 'wall',
    engines: null, extraEngines: [], workloads: null, sizes: new Map(),
    buildDir: path.join(REPO, 'build/bench'), out: null, chart: true,
  };
  const take = (i, flag) => {
    if (i + 1 >= argv.length) usageError(`${flag} needs a value`);
    return argv[i + 1];
  };
  const count = (text, flag) => {
    if (!/^\d+$/.test(text) || Number(text) < 1) usageError(`${flag}: '${text}' is not a positive integer`);
    return Number(text);
  };
  for (let i = 0; i < argv.length; ++i) {
    const flag = argv[i];
    switch (flag) {
      case '--quick': options.quick = true; break;
      case '--no-chart': options.chart = false; break;
      case '--reps': options.reps = count(take(i++, flag), flag); break;
      case '--startup-reps': options.startupReps = count(take(i++, flag), flag); break;
      case '--timeout': options.timeout = count(take(i++, flag), flag); break;
      case '--metric':
        options.metric = take(i++, flag);
        if (!['wall', 'cpu'].includes(options.metric)) {
          usageError(`--metric: '${options.metric}' is not wall or cpu`);
        }
        break;
      case '--engines': options.engines = take(i++, flag).split(','); break;
      case '--workloads': options.workloads = take(i++, flag).split(','); break;
      case '--build-dir': options.buildDir = path.resolve(take(i++, flag)); break;
      case '--out': options.out = path.resolve(take(i++, flag)); break;
      case '--engine': options.extraEngines.push(splitPair(take(i++, flag), flag)); break;
      case '--n': {
        const [name, n] = splitPair(take(i++, flag), flag);
        if (!/^\d+$/.test(n)) usageError(`--n ${name}: '${n}' is not an integer`);
        options.sizes.set(name, Number(n));
        break;
      }
      case '--help': case '-h': console.log(USAGE); process.exit(0);
      default: usageError(`unknown option '${flag}'`);
    }
  }
  options.reps ??= options.quick ? 3 : 5;
  options.startupReps ??= options.quick ? 5 : 20;
  options.timeout ??= options.quick ? 120 : 600;
  options.out ??= path.join(options.buildDir, 'bench-results');
  return options;
}

function splitPair(text, flag) {
  const at = text.indexOf('=');
  if (at <= 0) usageError(`${flag} wants NAME=VALUE, got '${text}'`);
  return [text.slice(0, at), text.slice(at + 1)];
}

function usageError(message) {
  console.error(`compare: ${message}\n\n${USAGE}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// What to run: the manifest written by bench/workloads/CMakeLists.txt

function loadManifest(buildDir) {
  const file = path.join(buildDir, 'bench/workloads/workloads.tsv');
  if (!existsSync(file)) {
    console.error(`compare: ${file} is missing; build the bench_workloads target first`);
    process.exit(2);
  }
  const manifest = { workloads: [], startup: null, nativeCompiler: '?', dytallix: '' };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const fields = line.split('\t');
    if (fields[0] === '# native_compiler') manifest.nativeCompiler = fields[1];
    else if (fields[0] === '# dytallix') manifest.dytallix = fields[1];
    else if (fields[0] === 'workload' || fields[0] === 'startup') {
      const [kind, name, n, quickN, wasm, native] = fields;
      const entry = { name, n: Number(n), quickN: Number(quickN), wasm, native };
      if (kind === 'startup') manifest.startup = entry;
      else manifest.workloads.push(entry);
    }
  }
  return manifest;
}

function wasmInterpTemplate() {
  const help = spawnSync('wasm-interp', ['--help'], { encoding: 'utf8' });
  // wabt >= 1.0.33 passes arguments to one export; older ones cannot.
  return /--run-export/.test(help.stdout ?? '')
    ? 'wasm-interp {wasm} --run-export=run --argument=i32:{n}'
    : 'wasm-interp {wasm0} --run-all-exports';
}

function defaultEngines() {
  return [
    ['native', '{native} {n}'],
    ['dytallix', '{dytallix} run {wasm} --invoke run {n}'],
    ['dytallix-nogas', '{dytallix} run {wasm} --no-gas --invoke run {n}'],
    ['wasm-interp', wasmInterpTemplate()],
    ['node', `${process.execPath} ${path.join(HERE, 'run_wasm.mjs')} {wasm} {n}`],
  ];
}

function chooseEngines(options) {
  const engines = new Map(defaultEngines());
  for (const [name, template] of options.extraEngines) engines.set(name, template);
  let names = [...engines.keys()];
  if (options.engines) {
    for (const name of options.engines) {
      if (!engines.has(name)) usageError(`unknown engine '${name}'`);
    }
    const added = new Set(options.extraEngines.map(([name]) => name));
    names = names.filter((name) => name === 'native' || added.has(name) || options.engines.includes(name));
  }
  return names.map((name) => ({ name, template: engines.get(name) }));
}

function chooseWorkloads(manifest, options) {
  let workloads = manifest.workloads;
  if (options.workloads) {
    const known = new Set(workloads.map((w) => w.name));
    for (const name of options.workloads) {
      if (!known.has(name)) usageError(`unknown workload '${name}'`);
    }
    workloads = workloads.filter((w) => options.workloads.includes(w.name));
  }
  return workloads.map((w) => ({
    ...w, n: options.sizes.get(w.name) ?? (options.quick ? w.quickN : w.n),
  }));
}

// ---------------------------------------------------------------------------
// Running one engine once

class Runner {
  constructor(manifest, outDir, timeoutSeconds) {
    this.dytallix = manifest.dytallix;
    this.wasm0Dir = path.join(outDir, 'wasm0');
    this.timeoutSeconds = timeoutSeconds;
    this.wasm0Made = new Set();
  }

  // The module with a parameterless export calling run(n). Made afresh once
  // per comparison, so a rebuilt module never meets a stale copy.
  wasm0(workload, n) {
    const file = path.join(this.wasm0Dir, `${workload.name}-${n}.wasm`);
    if (!this.wasm0Made.has(file)) {
      mkdirSync(this.wasm0Dir, { recursive: true });
      writeFileSync(file, addNullaryRun(readFileSync(workload.wasm), n));
      this.wasm0Made.add(file);
    }
    return file;
  }

  // Template words, each with its placeholders filled: paths stay one word.
  command(template, workload, n) {
    const values = {
      wasm: () => workload.wasm, n: () => String(n), native: () => workload.native,
      dytallix: () => this.dytallix, wasm0: () => this.wasm0(workload, n),
    };
    return template.trim().split(/\s+/).map((word) =>
      word.replace(/\{(\w+)\}/g, (match, key) => (values[key] ? values[key]() : match)));
  }

  // Returns {status: 'ok', wall_ms, cpu_ms, checksum, instructions} or
  // {status: 'error'|'timeout', error}; `instructions` is N from a line
  // "instructions: N" on stderr (dytallix run --count-instructions), or null.
  // bash's `time` measures the command (user + system CPU time of all its
  // processes, too); coreutils' timeout stops it, and anything it started,
  // when it runs too long.
  run(template, workload, n) {
    const [program, ...args] = this.command(template, workload, n);
    const result = spawnSync('bash', ['-c', TIMED_RUN, 'bash', String(this.timeoutSeconds), program, ...args], {
      encoding: 'utf8', timeout: (this.timeoutSeconds + 30) * 1000, maxBuffer: 1 << 20,
    });
    if (result.error) return { status: 'error', error: `bash: ${result.error.code ?? result.error.message}` };
    const times = [...result.stderr.matchAll(/^@time ([\d.]+) ([\d.]+) ([\d.]+)$/gm)].at(-1);
    const stderr = result.stderr.replace(/^@time .*$/gm, '');
    if (result.status === 124) return { status: 'timeout', error: `over ${this.timeoutSeconds} s` };
    if (result.status !== 0 || !times) {
      const why = firstLine(stderr) || firstLine(result.stdout) || 'no output';
      return { status: 'error', error: `exit ${result.status ?? result.signal}: ${why}` };
    }
    const values = [...result.stdout.matchAll(/i32:(-?\d+)/g)];
    if (values.length === 0) {
      return { status: 'error', error: `no i32 result in output '${firstLine(result.stdout)}'` };
    }
    const instructions = stderr.match(/^instructions: (\d+)$/m);
    return {
      status: 'ok',
      wall_ms: Math.round(Number(times[1]) * 1000),
      cpu_ms: Math.round((Number(times[2]) + Number(times[3])) * 1000),
      // Engines print i32 signed or unsigned; compare them as unsigned.
      checksum: Number(values.at(-1)[1]) >>> 0,
      instructions: instructions ? Number(instructions[1]) : null,
    };
  }
}

function firstLine(text) {
  return (text ?? '').trim().split('\n')[0].slice(0, 200);
}

// ---------------------------------------------------------------------------
// Measuring

// An engine is available if it runs the start-up module and returns run(n).
function probe(runner, engine, startup) {
  const result = runner.run(engine.template, startup, PROBE_N);
  if (result.status !== 'ok') return result.error;
  if (result.checksum !== PROBE_N) return `returned ${result.checksum} for run(${PROBE_N})`;
  return null;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Runs `reps` rounds; each round runs every engine once, so slow drift in the
// machine's load spreads over all engines instead of biasing one. An engine
// that fails or times out is not run again on this workload.
function measure(runner, engines, workload, reps, log) {
  const cells = new Map(engines.map((e) => [e.name, { status: 'ok', checksum: null, wall_ms: [], cpu_ms: [] }]));
  for (let rep = 0; rep < reps; ++rep) {
    for (const engine of engines) {
      const cell = cells.get(engine.name);
      if (cell.status !== 'ok') continue;
      const result = runner.run(engine.template, workload, workload.n);
      if (result.status !== 'ok') {
        Object.assign(cell, { status: result.status, error: result.error });
      } else if (cell.checksum !== null && cell.checksum !== result.checksum) {
        Object.assign(cell, { status: 'mismatch', error: `run ${rep + 1} returned ${result.checksum}` });
      } else {
        cell.checksum = result.checksum;
        cell.wall_ms.push(result.wall_ms);
        cell.cpu_ms.push(result.cpu_ms);
      }
      const outcome = cell.status === 'ok'
        ? `${result.wall_ms} ms (cpu ${result.cpu_ms})` : `${cell.status} (${cell.error})`;
      log(`  ${workload.name} ${engine.name} run ${rep + 1}/${reps}: ${outcome}`);
    }
  }
  // Without a native checksum there is nothing to compare against; the native
  // cell's own failure is reported.
  const reference = cells.get('native').checksum;
  for (const cell of cells.values()) {
    if (cell.status === 'ok' && reference !== null && cell.checksum !== reference) {
      Object.assign(cell, { status: 'mismatch', error: `checksum ${cell.checksum}, native ${reference}` });
    }
    if (cell.wall_ms.length > 0) {
      cell.median = { wall: median(cell.wall_ms), cpu: median(cell.cpu_ms) };
      cell.min = { wall: Math.min(...cell.wall_ms), cpu: Math.min(...cell.cpu_ms) };
    }
  }
  return Object.fromEntries(cells);
}

// The WebAssembly instructions dytallix executes for `workload` at its n, from
// one counting run: {instructions} or {error}. The count must come with the
// native checksum, so it counts the run that was timed.
function countInstructions(runner, workload, nativeChecksum) {
  const result = runner.run(COUNT_TEMPLATE, workload, workload.n);
  if (result.status !== 'ok') return { instructions: null, error: `${result.status}: ${result.error}` };
  if (result.instructions === null) return { instructions: null, error: 'no "instructions: N" on stderr' };
  if (nativeChecksum !== null && result.checksum !== nativeChecksum) {
    return { instructions: null, error: `checksum ${result.checksum}, native ${nativeChecksum}` };
  }
  return { instructions: result.instructions };
}

// ---------------------------------------------------------------------------
// Reporting

function gitInfo() {
  const git = (...args) => spawnSync('git', ['-C', REPO, ...args], { encoding: 'utf8' }).stdout?.trim() ?? '';
  return { commit: git('rev-parse', 'HEAD') || 'unknown', dirty: git('status', '--porcelain') !== '' };
}

function cellText(cell, metric) {
  if (!cell) return 'n/a';
  if (cell.status === 'ok') return String(cell.median[metric]);
  return cell.status === 'mismatch' ? '**MISMATCH**' : cell.status;
}

function ratio(cell, base, metric) {
  if (cell?.status !== 'ok' || base?.status !== 'ok') return null;
  // A 0 ms baseline (below the 1 ms resolution) gives no ratio.
  return base.median[metric] > 0 ? cell.median[metric] / base.median[metric] : null;
}

function geometricMean(values) {
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return null;
  return Math.exp(present.reduce((sum, v) => sum + Math.log(v), 0) / present.length);
}

// Three significant digits or so, without exponents.
function formatRatio(r) {
  if (r === null) return '-';
  if (r >= 100) return r.toFixed(0);
  return r >= 1 ? r.toFixed(2) : r.toPrecision(2);
}

function ratioTable(record, engines, baseName) {
  const columns = engines.filter((e) => e !== baseName);
  const lines = [`| workload | ${columns.join(' | ')} |`, `|---|${columns.map(() => '---:').join('|')}|`];
  const perEngine = new Map(columns.map((e) => [e, []]));
  for (const w of record.workloads) {
    const ratios = columns.map((e) => ratio(w.results[e], w.results[baseName], record.metric));
    ratios.forEach((r, i) => perEngine.get(columns[i]).push(r));
    lines.push(`| ${w.name} | ${ratios.map(formatRatio).join(' | ')} |`);
  }
  const means = columns.map((e) => geometricMean(perEngine.get(e)));
  const meanCells = means.map((m) => (m === null ? '-' : `**${formatRatio(m)}**`));
  lines.push(`| **geometric mean** | ${meanCells.join(' | ')} |`);
  return lines.join('\n');
}

// ns per executed instruction: the workload's median time less the engine's
// start-up median (load and compile), over the instructions counted.
function nsPerInstruction(record, workload, engine) {
  const cell = workload.results[engine];
  const startup = record.startup.results[engine];
  if (!workload.instructions || cell?.status !== 'ok' || startup?.status !== 'ok') return null;
  const ms = cell.median[record.metric] - startup.median[record.metric];
  return ms > 0 ? (ms * 1e6) / workload.instructions : null;
}

function instructionTable(record, engines) {
  const columns = COUNTED_ENGINES.filter((e) => engines.includes(e));
  const lines = [`| workload | instructions | ${columns.join(' | ')} |`,
    `|---|---:|${columns.map(() => '---:').join('|')}|`];
  const perEngine = new Map(columns.map((e) => [e, []]));
  for (const w of record.workloads) {
    const values = columns.map((e) => nsPerInstruction(record, w, e));
    values.forEach((v, i) => perEngine.get(columns[i]).push(v));
    const count = w.instructions ?? (w.instructions_error ? 'error' : '-');
    lines.push(`| ${w.name} | ${count} | ${values.map(formatRatio).join(' | ')} |`);
  }
  const means = columns.map((e) => geometricMean(perEngine.get(e)));
  lines.push(`| **geometric mean** | | ${means.map((m) => (m === null ? '-' : `**${formatRatio(m)}**`)).join(' | ')} |`);
  return lines.join('\n');
}

const METRIC_TEXT = {
  wall: 'elapsed time',
  cpu: 'user + system CPU time',
};

function markdown(record) {
  const engines = record.engines.filter((e) => e.available).map((e) => e.name);
  const out = [];
  out.push('# Dytallix engine comparison', '');
  const dirty = record.dirty ? ' (with uncommitted changes)' : '';
  const runs = `${record.reps} run${record.reps === 1 ? '' : 's'}`;
  const machine = record.machine;
  out.push(`- commit ${record.commit.slice(0, 12)}${dirty}, ${record.date}`);
  out.push(`- ${record.quick ? 'quick mode, ' : ''}median of ${runs} of one process each; `
    + `${METRIC_TEXT[record.metric]}, in ms`);
  out.push(`- ${machine.cpu}, ${machine.cores} cores, load ${machine.load_before.join(' ')} at start`);
  out.push(`- native: ${record.native_compiler}, -O2, same C sources as the modules`, '');
  for (const e of record.engines.filter((x) => !x.available)) {
    out.push(`- engine **${e.name}** unavailable: ${e.reason}`);
  }
  out.push('', `## Times (median ms, ${record.metric})`, '');
  out.push(`| workload | n | checksum | ${engines.join(' | ')} |`);
  out.push(`|---|---:|---:|${engines.map(() => '---:').join('|')}|`);
  for (const w of record.workloads) {
    const times = engines.map((e) => cellText(w.results[e], record.metric));
    out.push(`| ${w.name} | ${w.n} | ${w.checksum ?? '?'} | ${times.join(' | ')} |`);
  }
  out.push('', '## Time relative to native (lower is faster)', '', ratioTable(record, engines, 'native'));
  if (engines.includes('wasm-interp')) {
    out.push('', '## Time relative to wabt wasm-interp (lower is faster)', '',
      ratioTable(record, engines, 'wasm-interp'));
  }
  if (COUNTED_ENGINES.some((e) => engines.includes(e))) {
    out.push('', `## Time per executed instruction (ns, ${record.metric})`, '',
      '(median time - start-up median) / WebAssembly instructions executed, '
      + 'counted by `dytallix run --count-instructions` (every instruction, '
      + 'block, loop and end included, once per execution); `-` where the '
      + 'median is not above the start-up median (quick sizes often are not)', '',
      instructionTable(record, engines));
  }
  const kib = Math.round(record.startup.module_bytes / 1024);
  out.push('', `## Start-up: load a ${kib} KiB module and call a no-op export `
    + `(median ms of ${record.startup_reps} runs)`, '');
  out.push(`| ${engines.join(' | ')} |`, `|${engines.map(() => '---:').join('|')}|`);
  out.push(`| ${engines.map((e) => cellText(record.startup.results[e], record.metric)).join(' | ')} |`);
  const problems = problemLines(record);
  if (problems.length > 0) out.push('', '## Problems', '', ...problems);
  return `${out.join('\n')}\n`;
}

function* allCells(record) {
  for (const w of [...record.workloads, { name: 'startup', results: record.startup.results }]) {
    for (const [engine, cell] of Object.entries(w.results)) yield { workload: w.name, engine, cell };
  }
}

function problemLines(record) {
  return [...allCells(record)]
    .filter(({ cell }) => cell.status !== 'ok')
    .map(({ workload, engine, cell }) => `- ${workload} on ${engine}: ${cell.status}: ${cell.error}`)
    .concat(record.workloads.filter((w) => w.instructions_error)
      .map((w) => `- ${w.name}: instructions not counted: ${w.instructions_error}`));
}

// Wrong answers and crashes fail the run; a timeout only says an engine is slow.
function hasFailures(record) {
  return [...allCells(record)].some(({ cell }) => cell.status === 'error' || cell.status === 'mismatch');
}

// Grouped bars of each engine's time relative to native, log scale, as PNG
// and SVG.
function writeChart(record, outDir, log) {
  const engines = record.engines.filter((e) => e.available && e.name !== 'native').map((e) => e.name);
  if (engines.length === 0) return null;
  const rows = [`workload ${engines.join(' ')}`];
  for (const w of record.workloads) {
    const ratios = engines.map((e) => ratio(w.results[e], w.results.native, record.metric));
    rows.push(`${w.name} ${ratios.map((r) => (r === null ? '?' : r.toFixed(4))).join(' ')}`);
  }
  const data = path.join(outDir, 'ratios.dat');
  const png = path.join(outDir, 'ratios.png');
  const svg = path.join(outDir, 'ratios.svg');  // text: fit for the README
  writeFileSync(data, `${rows.join('\n')}\n`);
  const plots = engines.map((e, i) =>
    `'${data}' using ${i + 2}${i === 0 ? ':xtic(1)' : ''} title columnheader(${i + 2})`);
  const script = [
    "set terminal pngcairo noenhanced size 1200,650 font 'sans,10'",
    `set output '${png}'`,
    `set title 'Time (${record.metric}) relative to native, median of ${record.reps} runs `
      + "(log scale; lower is faster)'",
    "set datafile missing '?'",
    'set style data histograms',
    'set style histogram clustered gap 1',
    'set style fill solid 0.85 border -1',
    'set logscale y',
    'set yrange [0.5:*]',
    'set grid ytics',
    'set ylabel "time / native time"',
    'set xtics rotate by -30',
    'set key outside right top',
    `plot ${plots.join(', ')}`,
    "set terminal svg noenhanced size 1200,650 font 'sans,10'",
    `set output '${svg}'`,
    'replot',
  ].join('\n');
  const scriptFile = path.join(outDir, 'ratios.gp');
  writeFileSync(scriptFile, `${script}\n`);
  const result = spawnSync('gnuplot', [scriptFile], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    log(`compare: gnuplot failed (${result.error?.code ?? firstLine(result.stderr)}); no chart`);
    return null;
  }
  return png;
}

// ---------------------------------------------------------------------------

function main() {
  const options = parseArgs(process.argv.slice(2));
  const log = (line) => console.error(line);
  const manifest = loadManifest(options.buildDir);
  const workloads = chooseWorkloads(manifest, options);
  mkdirSync(options.out, { recursive: true });
  const runner = new Runner(manifest, options.out, options.timeout);

  const engines = chooseEngines(options).map((engine) => {
    const reason = probe(runner, engine, manifest.startup);
    log(`engine ${engine.name}: ${reason ? `unavailable (${reason})` : 'available'}`);
    return { ...engine, available: reason === null, reason };
  });
  if (!engines[0].available) {
    console.error(`compare: the native programs do not run: ${engines[0].reason}`);
    process.exit(2);
  }
  const live = engines.filter((e) => e.available);
  const counting = live.some((e) => COUNTED_ENGINES.includes(e.name));

  const record = {
    schema: 1, ...gitInfo(), date: new Date().toISOString(), quick: options.quick,
    reps: options.reps, startup_reps: options.startupReps, metric: options.metric,
    machine: { cpu: os.cpus()[0]?.model ?? '?', cores: os.cpus().length, os: `${os.type()} ${os.release()}`,
      load_before: os.loadavg().map((x) => x.toFixed(2)) },
    native_compiler: manifest.nativeCompiler,
    engines: engines.map(({ name, template, available, reason }) => ({ name, template, available, reason })),
    workloads: [],
  };
  for (const workload of workloads) {
    log(`workload ${workload.name} (n = ${workload.n})`);
    const results = measure(runner, live, workload, options.reps, log);
    const entry = { name: workload.name, n: workload.n, checksum: results.native.checksum, results };
    if (counting) {
      const { instructions, error } = countInstructions(runner, workload, results.native.checksum);
      entry.instructions = instructions;
      if (error) entry.instructions_error = error;
      log(`  ${workload.name} instructions: ${instructions ?? error}`);
    }
    record.workloads.push(entry);
  }
  log('start-up');
  const startup = { ...manifest.startup, n: 0 };
  record.startup = {
    module_bytes: readFileSync(startup.wasm).length,
    results: measure(runner, live, startup, options.startupReps, () => {}),
  };
  record.machine.load_after = os.loadavg().map((x) => x.toFixed(2));

  const report = markdown(record);
  const stamp = record.date.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const json = path.join(options.out, `bench-${stamp}-${record.commit.slice(0, 8)}.json`);
  writeFileSync(json, `${JSON.stringify(record, null, 1)}\n`);
  copyFileSync(json, path.join(options.out, 'latest.json'));
  writeFileSync(path.join(options.out, 'report.md'), report);
  const chart = options.chart ? writeChart(record, options.out, log) : null;
  process.stdout.write(report);
  log(`\nresults: ${json}${chart ? `\nchart:   ${chart}` : ''}`);
  process.exit(hasFailures(record) ? 1 : 0);
}

main();
