// Every request the emulator sees, in arrival order, and ways to wait for them so tests
// react to events instead of sleeping.
import { EventEmitter } from 'node:events';
import { DEFAULT_WAIT_TIMEOUT_MS } from './defaults.ts';
import type { RecordedRequest, RecordedStatus, RequestFilter } from './types.ts';

interface Waiter {
  count: number;
  route: string | undefined;
  resolve(requests: RecordedRequest[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class RequestRecorder {
  readonly requests: RecordedRequest[] = [];
  readonly events = new EventEmitter();
  readonly #waiters = new Set<Waiter>();
  readonly #routeCounts = new Map<string, number>();

  /** Counts the request on its route; returns its 1-based number there. */
  countOnRoute(route: string | null): number {
    const key = route ?? '';
    const count = (this.#routeCounts.get(key) ?? 0) + 1;
    this.#routeCounts.set(key, count);
    return count;
  }

  requestCount(route: string): number {
    return route === '*' ? this.requests.length : (this.#routeCounts.get(route) ?? 0);
  }

  add(request: RecordedRequest): void {
    this.requests.push(request);
  }

  settle(request: RecordedRequest, status: Exclude<RecordedStatus, 'pending'>): void {
    if (request.status !== 'pending') return;
    request.status = status;
    this.events.emit('request', request);
    for (const waiter of this.#waiters) this.#check(waiter);
  }

  #settled(route: string | undefined): RecordedRequest[] {
    return this.requests.filter((r) => r.status !== 'pending' && (route === undefined || r.route === route));
  }

  #check(waiter: Waiter): void {
    const matching = this.#settled(waiter.route);
    if (matching.length < waiter.count) return;
    this.#waiters.delete(waiter);
    clearTimeout(waiter.timer);
    waiter.resolve(matching);
  }

  waitFor(count: number, filter: RequestFilter = {}): Promise<RecordedRequest[]> {
    return new Promise((resolve, reject) => {
      const timeoutMs = filter.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
      const waiter: Waiter = {
        count,
        route: filter.route,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          const seen = this.#settled(filter.route).length;
          const on = filter.route === undefined ? '' : ` on ${filter.route}`;
          reject(new Error(`waited ${timeoutMs} ms for ${count} requests${on}, saw ${seen}`));
        }, timeoutMs)
      };
      this.#waiters.add(waiter);
      this.#check(waiter);
    });
  }

  /** Fails every pending wait: nothing more will arrive. */
  abortWaits(reason: string): void {
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(reason));
    }
    this.#waiters.clear();
  }
}
