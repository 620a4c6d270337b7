// A bare loopback server for fault scenarios the emulator does not model: any status,
// headers and body per request, over plain HTTP or TLS with any certificate. It
// records every HTTP request that arrived (a TLS handshake that failed brings none).
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface ArrivedRequest {
  path: string;
  authorization: string | undefined;
}

export interface FakeServer {
  /** Origin for api_url: https:// when `tls` was given or `httpsUrl` asked for it. */
  url: string;
  port: number;
  requests: ArrivedRequest[];
  close(): Promise<void>;
}

export interface FakeServerOptions {
  /** Serve TLS with this key and certificate chain. */
  tls?: https.ServerOptions;
  /** Plain HTTP, but hand out an https:// URL (the wrong-scheme case). */
  httpsUrl?: boolean;
}

export async function fakeServer(
  answer: (path: string, index: number) => FakeAnswer,
  options: FakeServerOptions = {}
): Promise<FakeServer> {
  const requests: ArrivedRequest[] = [];
  const handler: http.RequestListener = (req, res) => {
    const path = req.url ?? '';
    requests.push({ path, authorization: req.headers.authorization });
    const reply = answer(path, requests.length);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body ?? '');
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls || options.httpsUrl ? 'https' : 'http';
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  };
}
