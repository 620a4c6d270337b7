// The contract between `npm run bench` (bench/index.ts) and each benchmark part.
export interface BenchPart {
  /** Heading printed above the part's output. */
  title: string;
  /** Runs the part and returns markdown (tables and verdict lines). */
  run(): string | Promise<string>;
}
