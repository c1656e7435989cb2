/**
 * Run files (saveDynamics): JSON Lines, appended batch by batch as training
 * computes them, so a crash or kill -9 loses at most the line being written.
 * Non-finite numbers are written as null and read back as NaN.
 *
 *   {"type":"run", "runId", "startedAt", "info": {...}, "config": {...}}
 *   {"type":"batch", "runId", "epoch", "batch", "values": [...]}   [E][L][2] flat
 *     optionally with "baseline": {"evaluators": [e, ...], "values": [...]}:
 *     the permutation baselines of the B evaluators listed (indices into
 *     info.evaluators), [B][L][2] flat; written only in batches that have one,
 *     so files of runs without a baseline (and older files) have no such field
 *   {"type":"epoch", "runId", "epoch", "loss", "accuracy", "valLoss", "valAccuracy"}
 *   {"type":"probe", "runId", "epoch", "values": [...]}   the probe batch's [E][L][2] after the epoch
 *   {"type":"similarity", "runId", "epoch", "cka": [[...]]}   the epoch's L×L CKA map (null: a constant layer)
 *   {"type":"end", "runId", "status"}
 *
 * The probe and similarity lines follow their epoch's line, in runs that have
 * them; older files have none, and read back without CKA maps.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { RunFileError } from '../errors';
import { quote } from '../options';
import { Dynamics, type BatchBaseline, type DynamicsRunInfo } from './dynamics';
import type { RunStatus } from '../../contract/dynamicsPayload';
import type { EpochRecord } from '../progress/events';

/** Settings saved with a run so it can be understood later. */
export interface RunConfig {
  model: { name: string; inputShape: number[]; layers: { name: string; kind: string; outputShape: string; params: number }[] };
  optimizer: string;
  loss: string;
  target: 'labels' | 'predictions';
  epochs: number;
  batchesPerEpoch?: number;
  seed?: number;
}

/** Where a run's file goes: a `.jsonl` path is used as is (runs appended); anything else is a folder holding one file per run. */
export function runFilePath(saveDynamics: true | string, runId: string, now = new Date()): string {
  const target = saveDynamics === true ? 'ibnb-runs' : saveDynamics;
  if (extname(target) === '.jsonl') return resolve(target);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return resolve(join(target, `${stamp}-${runId.slice(0, 8)}.jsonl`));
}

/** Appends a run's lines; each line is written whole with one write call. */
export class RunFileWriter {
  private fd: number | undefined;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
  }

  start(info: DynamicsRunInfo, config: RunConfig): void {
    this.write({ type: 'run', runId: info.runId, startedAt: new Date().toISOString(), info, config });
  }

  batch(runId: string, epoch: number, batch: number, values: ArrayLike<number>, baseline?: BatchBaseline): void {
    this.write({
      type: 'batch', runId, epoch, batch, values: Array.from(values),
      // Only when there is one: a run without baselines writes the same lines as before baselines existed.
      ...(baseline ? { baseline: { evaluators: Array.from(baseline.evaluators), values: Array.from(baseline.values) } } : {}),
    });
  }

  epoch(runId: string, record: EpochRecord): void {
    this.write({ type: 'epoch', runId, ...record });
  }

  probe(runId: string, epoch: number, values: ArrayLike<number>): void {
    this.write({ type: 'probe', runId, epoch, values: Array.from(values) });
  }

  similarity(runId: string, epoch: number, cka: (number | null)[][]): void {
    this.write({ type: 'similarity', runId, epoch, cka });
  }

  end(runId: string, status: RunStatus): void {
    this.write({ type: 'end', runId, status });
    this.close();
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private write(line: object): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(line, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  }
}

/** A run read back from a run file. */
export interface LoadedRun {
  dynamics: Dynamics;
  config: RunConfig;
  startedAt: string;
}

/**
 * Reads every run in a run file. A run without an "end" line (interrupted or
 * crashed) is returned with status 'interrupted' and all complete batches; a
 * torn last line (the write a crash cut short) is ignored.
 */
export function loadDynamicsRuns(path: string): LoadedRun[] {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new RunFileError(`loadDynamics: ${path} is not a file. Give the path of a .jsonl run file written with saveDynamics.`);
  }
  const lines = readFileSync(path, 'utf8').split('\n');
  const runs = new Map<string, LoadedRun>();
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text);
    } catch {
      if (index >= lines.length - 2) return; // the torn last line of a crashed run
      throw new RunFileError(`loadDynamics: ${path} line ${index + 1} is not JSON; the file is corrupt (only a torn last line is tolerated).`);
    }
    const runId = String(line.runId);
    if (line.type === 'run') {
      const dynamics = new Dynamics(line.info as DynamicsRunInfo);
      dynamics.status = 'interrupted';
      runs.set(runId, { dynamics, config: line.config as RunConfig, startedAt: String(line.startedAt) });
      return;
    }
    const run = runs.get(runId);
    if (!run) throw new RunFileError(`loadDynamics: ${path} line ${index + 1} belongs to run ${runId}, which has no "run" line before it.`);
    const where = `loadDynamics: ${path} line ${index + 1}`;
    if (line.type === 'batch') {
      const baseline = line.baseline === undefined ? undefined : readBaseline(line.baseline, run.dynamics.info, where);
      run.dynamics.addBatch(Number(line.epoch), Number(line.batch), (line.values as (number | null)[]).map((v) => v ?? NaN), baseline);
    } else if (line.type === 'epoch') run.dynamics.addEpoch(line as unknown as EpochRecord);
    else if (line.type === 'probe') {
      run.dynamics.addProbe(readEpoch(line.epoch, where), readNumbers(line.values, 'values', run.dynamics.info.evaluators.length * run.dynamics.info.layers.length * 2, where));
    } else if (line.type === 'similarity') {
      run.dynamics.addSimilarity(readEpoch(line.epoch, where), readCka(line.cka, run.dynamics.info.layers.length, where));
    } else if (line.type === 'end') run.dynamics.status = line.status as RunStatus;
  });
  if (runs.size === 0) throw new RunFileError(`loadDynamics: ${path} holds no run. Is it a file written with saveDynamics?`);
  return [...runs.values()];
}

const CORRUPT = 'the file is corrupt or was not written by saveDynamics';

/**
 * A batch line's "baseline" field, checked against the run's evaluators and
 * layers: a field that does not fit would otherwise add silently wrong means
 * to the payload (or be a RangeError that names no line).
 */
function readBaseline(field: unknown, info: DynamicsRunInfo, where: string): BatchBaseline {
  if (typeof field !== 'object' || field === null || Array.isArray(field)) {
    throw new RunFileError(`${where}: "baseline" should be an object { evaluators, values }, got ${quote(field)}; ${CORRUPT}.`);
  }
  const { evaluators, values } = field as { evaluators?: unknown; values?: unknown };
  const E = info.evaluators.length;
  if (!Array.isArray(evaluators) || evaluators.length === 0 || evaluators.some((e) => !Number.isInteger(e) || e < 0 || e >= E)) {
    throw new RunFileError(`${where}: "baseline.evaluators" should be a non-empty array of evaluator indices 0..${E - 1} (the run has ${E} evaluator${E === 1 ? '' : 's'}), got ${quote(evaluators)}; ${CORRUPT}.`);
  }
  if (new Set(evaluators).size !== evaluators.length) {
    throw new RunFileError(`${where}: "baseline.evaluators" lists an evaluator twice (${quote(evaluators)}); ${CORRUPT}.`);
  }
  const shape = `[B=${evaluators.length}][L=${info.layers.length}][2]`;
  return { evaluators: evaluators as number[], values: readNumbers(values, 'baseline.values', evaluators.length * info.layers.length * 2, where, shape) };
}

function readEpoch(field: unknown, where: string): number {
  if (!Number.isInteger(field) || (field as number) < 1) throw new RunFileError(`${where}: "epoch" should be an epoch number ≥ 1, got ${quote(field)}; ${CORRUPT}.`);
  return field as number;
}

/** `count` numbers (null read back as NaN, as the writer writes NaN); `shape` describes their layout in the message. */
function readNumbers(field: unknown, name: string, count: number, where: string, shape?: string): number[] {
  if (!Array.isArray(field) || field.length !== count) {
    throw new RunFileError(`${where}: "${name}" should hold ${count} numbers${shape ? ` (${shape})` : ''}, got ${Array.isArray(field) ? `${field.length} values` : quote(field)}; ${CORRUPT}.`);
  }
  const bad = field.findIndex((v) => v !== null && typeof v !== 'number');
  if (bad >= 0) throw new RunFileError(`${where}: "${name}"[${bad}] should be a number (or null), got ${quote(field[bad])}; ${CORRUPT}.`);
  return field.map((v: number | null) => v ?? NaN);
}

/** An L×L CKA map: numbers in [0, 1], or null where a layer was constant. */
function readCka(field: unknown, layers: number, where: string): (number | null)[][] {
  if (!Array.isArray(field) || field.length !== layers || field.some((row) => !Array.isArray(row) || row.length !== layers)) {
    throw new RunFileError(`${where}: "cka" should be a ${layers}×${layers} matrix (one row and column per tracked layer); ${CORRUPT}.`);
  }
  for (const [i, row] of (field as unknown[][]).entries()) {
    const bad = row.findIndex((v) => v !== null && !(typeof v === 'number' && v >= 0 && v <= 1 + 1e-6));
    if (bad >= 0) throw new RunFileError(`${where}: "cka"[${i}][${bad}] should be a CKA in [0, 1] (or null), got ${quote(row[bad])}; ${CORRUPT}.`);
  }
  return field as (number | null)[][];
}

/** The dynamics of one run in a run file: the given runId, or the last run. */
export function loadDynamics(path: string, options: { runId?: string } = {}): Dynamics {
  const runs = loadDynamicsRuns(path);
  if (options.runId === undefined) return runs[runs.length - 1].dynamics;
  const run = runs.find((r) => r.dynamics.runId === options.runId);
  if (!run) throw new RunFileError(`loadDynamics: ${path} has no run ${options.runId}; it has ${runs.map((r) => r.dynamics.runId).join(', ')}.`);
  return run.dynamics;
}
