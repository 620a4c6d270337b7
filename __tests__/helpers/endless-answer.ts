import type * as http from 'node:http';

/** A 200 answer of up to 300 MB, written as fast as the client reads it, for the body-size cap. */
export interface EndlessAnswer {
  handler: http.RequestListener;
  /** Bytes handed to the socket so far. */
  written(): number;
  /** Whether the client went away. */
  closed(): boolean;
}

export function endlessAnswer(): EndlessAnswer {
  let written = 0;
  let closed = false;
  const handler: http.RequestListener = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      // Up to 300 MB, unless the client goes away first.
      while (!closed && written < 300 * 1024 * 1024) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (closed = true));
    pump();
  };
  return { handler, written: () => written, closed: () => closed };
}
