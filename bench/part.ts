// The contract between `npm run bench` (bench/index.ts) and each benchmark part.
export interface BenchOptions {
  /** `--quick`: skip parts that take real time. */
  quick: boolean;
}

export interface BenchPart {
  /** Heading printed above the part's output. */
  title: string;
  /** The part waits in real time (tens of seconds); `--quick` skips it. */
  realTime?: boolean;
  /** Runs the part and returns markdown (tables and verdict lines). */
  run(options: BenchOptions): string | Promise<string>;
}
