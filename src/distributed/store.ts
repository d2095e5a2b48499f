// The rendezvous stores of c10d, as torch.distributed names them: a key-value store every rank reaches, through
// which the process group's ranks find each other (and through which a launcher could pass small values).
import { native } from '../native.js';
import { requireC10d } from './availability.js';

export abstract class Store {
  protected constructor(protected readonly id: number) {}

  /** The native store, for process groups built on it. */
  get handle(): number {
    return this.id;
  }

  set(key: string, value: string | Uint8Array): void {
    native.distStoreSet(this.id, key, Buffer.from(value));
  }

  /** The value of `key`, waiting for another rank to set it (up to the store's timeout). */
  get(key: string): Buffer {
    return native.distStoreGet(this.id, key);
  }

  /** Adds `delta` to the integer at `key` (0 when unset) and returns the new value. */
  add(key: string, delta: number): number {
    return native.distStoreAdd(this.id, key, delta);
  }

  /** Waits until every key is set. */
  wait(keys: readonly string[], timeoutMs: number): void {
    native.distStoreWait(this.id, [...keys], timeoutMs);
  }

  close(): void {
    native.distStoreRelease(this.id);
  }
}

export interface TCPStoreOptions {
  /** The rank that serves the store (rank 0) listens on `port`; the others connect to host:port. */
  isServer: boolean;
  worldSize: number;
  /** How long connecting and each wait may take. */
  timeoutMs: number;
}

/** torch.distributed.TCPStore: served by one rank, reached by the others over TCP (MASTER_ADDR:MASTER_PORT). */
export class TCPStore extends Store {
  constructor(
    readonly host: string,
    readonly port: number,
    o: TCPStoreOptions,
  ) {
    requireC10d();
    super(native.distTcpStore(host, port, o.worldSize, o.isServer, o.timeoutMs));
  }
}

/** torch.distributed.FileStore: a file every rank of one machine (or a shared filesystem) opens. */
export class FileStore extends Store {
  constructor(
    readonly path: string,
    worldSize: number,
  ) {
    requireC10d();
    super(native.distFileStore(path, worldSize));
  }
}
