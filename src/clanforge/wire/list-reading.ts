/**
 * How an answer that lists files, installs, images or fleets is read: its list fields are
 * streamed member by member (wire/streaming-json.ts), each kept in a bounded form, and
 * the answer as a whole may not pass its ceiling. Each ceiling is chosen for what the
 * service can send for that kind of answer, with room to spare; an answer over it is
 * refused as it arrives (http/read-answer.ts), without being held.
 */
import type { ContainerKind, MemberSink } from './streaming-json.ts';
import type { WireObject } from './liberal-values.ts';

/**
 * An image-diff status with diff_info lists every added, modified and removed file with
 * its size and checksum: about 130 bytes a file. Loose-file game servers list 10 000 to
 * 100 000 files in a first diff (about 13 MB); 256 MiB holds two million files.
 */
export const DIFF_STATUS_LIMIT = 256 << 20;
/**
 * imageinstall/status lists the account's incomplete installs, a row per machine and
 * version (job fields, machine, image, location: about 500 bytes): 64 MiB holds more than
 * 100 000 rows, far past the largest fleets.
 */
export const INSTALLS_LIMIT = 64 << 20;
/** image/options lists the account's games, images and build machines, about 100 bytes each: 32 MiB holds 300 000. */
export const IMAGE_OPTIONS_LIMIT = 32 << 20;
/** The rollout view counts machines per fleet and region (a few hundred bytes each), not per machine: 16 MiB is plenty. */
export const ROLLOUT_LIMIT = 16 << 20;

/** The reading of one answer: a sink per list field, and the result once the answer was read. */
export interface ListRead<T> {
  members: Readonly<Record<string, MemberSink>>;
  /** body: the answer without the streamed fields; streamed: which of them held a list, and which kind. */
  finish(body: WireObject, streamed: Readonly<Record<string, ContainerKind>>): T;
}

/** A kind of list answer: its ceiling, and a fresh reading for each read (a retry starts anew). */
export interface ListReading<T> {
  readonly limit: number;
  start(): ListRead<T>;
}

/** An answer a list reading will not keep (too many entries of a kind): refused like one over its ceiling. */
export class AnswerRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswerRefused';
  }
}
