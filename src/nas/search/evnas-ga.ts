// The genetic algorithm of EvNAS (spec §4.2–§4.5) over continuous architecture parameters, independent of any
// network, so the weight-sharing search (evnas.ts) and the benchmark-oracle mode (nas/nb201/evolution.ts) share it.
//
// A chromosome is a list of α matrices (S1: [α_normal, α_reduce], 14×8 each; S2: [α], 6×5), rows = edges,
// columns = ops, initialised i.i.d. U[0,1). Operators, in the reference's terms (nightstorm0909/EvNAS):
// - elitism: the top `elites` members after sorting are carried over as the same objects and never mutated;
// - tournament: `tsize` distinct members drawn uniformly without replacement, the fittest wins (ties: the one
//   drawn first); two independent tournaments give the two parents (possibly the same member);
// - crossover: one child per pair; per matrix and per edge row, the child copies parent 1's row if U ≥ 0.5, else
//   parent 2's (whole continuous rows);
// - mutation: every child, per matrix and per edge row, with probability `rate` (U < rate) the row is replaced by a
//   fresh U[0,1) row.
// Decoding (§4.3) turns a chromosome into the one-hot α̂ the network sees through its row softmax.
import { deriveDartsGenotype } from '../genotype/derive.js';
import { DARTS_PRIMITIVES, NB201_PRIMITIVES } from '../genotype/primitives.js';

/** A seeded source of U[0,1) numbers (src/data/rng.ts `Rng` is one). */
export interface RandomSource {
  random(): number;
}

export type AlphaMatrix = number[][];
export type Chromosome = AlphaMatrix[];

export interface Member {
  alphas: Chromosome;
  /** Top-1 accuracy (%) of the last evaluation; null until evaluated. */
  fitness: number | null;
}

export interface GaConfig {
  populationSize: number;
  tournamentSize: number;
  elites: number;
  mutationRate: number;
}

/** EvNAS defaults (spec §4.7, §4.8): population 50, tournament 10, 1 elite, mutation rate 0.1. */
export const EVNAS_GA_DEFAULTS: GaConfig = { populationSize: 50, tournamentSize: 10, elites: 1, mutationRate: 0.1 };

function uniformRow(n: number, rng: RandomSource): number[] {
  const row: number[] = [];
  for (let k = 0; k < n; k++) row.push(rng.random());
  return row;
}

/** A U[0,1) chromosome with matrices of the given [rows, cols] shapes (entries drawn row-major, matrix by matrix). */
export function randomChromosome(shapes: readonly (readonly [number, number])[], rng: RandomSource): Chromosome {
  return shapes.map(([rows, cols]) => Array.from({ length: rows }, () => uniformRow(cols, rng)));
}

/** Indices of `k` distinct members, uniformly without replacement (partial Fisher–Yates), in draw order. */
export function sampleDistinct(n: number, k: number, rng: RandomSource): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const m = Math.min(k, n);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.random() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, m);
}

function fitnessOf(m: Member): number {
  return m.fitness ?? -Infinity;
}

/** Tournament selection: the index of the fittest of `tsize` distinct members (ties: the first drawn). */
export function tournament(population: readonly Member[], tsize: number, rng: RandomSource): number {
  const drawn = sampleDistinct(population.length, tsize, rng);
  let best = drawn[0]!;
  for (const i of drawn) if (fitnessOf(population[i]!) > fitnessOf(population[best]!)) best = i;
  return best;
}

/** Uniform crossover per edge row: row from parent 1 if U ≥ 0.5, else from parent 2 (copies). */
export function crossover(p1: Chromosome, p2: Chromosome, rng: RandomSource): Chromosome {
  return p1.map((m1, a) => m1.map((row1, i) => [...(rng.random() >= 0.5 ? row1 : p2[a]![i]!)]));
}

/** Per-row re-sampling mutation, in place: each row is replaced by a fresh U[0,1) row with probability `rate`. */
export function mutate(ch: Chromosome, rate: number, rng: RandomSource): Chromosome {
  for (const m of ch) for (let i = 0; i < m.length; i++) if (rng.random() < rate) m[i] = uniformRow(m[i]!.length, rng);
  return ch;
}

/** Stable sort by fitness, descending (Python's `sorted(..., reverse=True)`); unevaluated members last. */
export function sortByFitness<M extends Member>(population: readonly M[]): M[] {
  return [...population].sort((a, b) => fitnessOf(b) - fitnessOf(a) || 0);
}

/**
 * One generation of the GA on a population already sorted by fitness (descending): the elites (same objects),
 * then children of two tournament winners, crossed over and mutated, until the population size is reached.
 * Children have fitness null.
 */
export function evolve(sorted: readonly Member[], c: GaConfig, rng: RandomSource): Member[] {
  const next: Member[] = sorted.slice(0, Math.min(c.elites, sorted.length));
  while (next.length < c.populationSize) {
    const a = tournament(sorted, c.tournamentSize, rng);
    const b = tournament(sorted, c.tournamentSize, rng);
    const child = mutate(crossover(sorted[a]!.alphas, sorted[b]!.alphas, rng), c.mutationRate, rng);
    next.push({ alphas: child, fitness: null });
  }
  return next;
}

function softmaxRow(row: readonly number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((x, y) => x + y, 0);
  return e.map((v) => v / s);
}

function oneHot(rows: number, cols: number, picks: readonly [row: number, col: number][]): AlphaMatrix {
  const m = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (const [r, c] of picks) m[r]![c] = 1;
  return m;
}

/** Row offset of intermediate node i in a DARTS search cell (node i takes inputs j = 0..i+1). */
function nodeOffset(i: number): number {
  return (i * (i + 3)) / 2;
}

/**
 * S1 decoding: the quark0 genotype of softmax(α) (2 inputs per node, best non-'none' op each), as a one-hot α̂ with
 * a 1 at each selected (edge, op). Under the network's row softmax the chosen op weighs e/(e+7) = 0.27971 on selected
 * edges (the others 1/(e+7) = 0.10290) and unselected edges are uniform 1/8.
 */
export function decodeDarts(ch: Chromosome, options: { primitives?: readonly string[]; steps?: number } = {}): Chromosome {
  const primitives = options.primitives ?? DARTS_PRIMITIVES;
  const steps = options.steps ?? 4;
  if (ch.length !== 2) throw new Error(`an S1 chromosome has 2 matrices (normal, reduce), got ${ch.length}`);
  const g = deriveDartsGenotype({ normal: ch[0]!.map(softmaxRow), reduce: ch[1]!.map(softmaxRow) }, { primitives, steps });
  return [g.normal, g.reduce].map((genes, a) =>
    oneHot(
      ch[a]!.length,
      primitives.length,
      genes.map(([op, input], n) => [nodeOffset(Math.floor(n / 2)) + input, primitives.indexOf(op)]),
    ),
  );
}

/**
 * S2 decoding: per edge row the one-hot of the first maximum over all 5 ops ('none' included). Under the row
 * softmax the chosen op weighs e/(e+4) = 0.40461, the others 1/(e+4) = 0.14885.
 */
export function decodeNb201(ch: Chromosome, options: { primitives?: readonly string[] } = {}): Chromosome {
  const cols = (options.primitives ?? NB201_PRIMITIVES).length;
  return ch.map((m) =>
    oneHot(
      m.length,
      cols,
      m.map((row, r) => {
        let best = 0;
        for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
        return [r, best] as [number, number];
      }),
    ),
  );
}
