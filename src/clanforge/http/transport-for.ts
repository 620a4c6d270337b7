/** Which transport a front door uses for api_url: node:http/https, or undici behind a proxy (~100 ms to load, so only then). */
import { nodeTransport } from './node-transport.ts';
import { proxyConfigured, type Transport } from './transport.ts';

export async function transportFor(apiUrl: URL, env: NodeJS.ProcessEnv): Promise<Transport> {
  if (!proxyConfigured(apiUrl, env)) return nodeTransport;
  const { proxyTransport } = await import('./proxy-transport.ts');
  return proxyTransport(env);
}
