import type { ByteStream, MediaObjects } from "../media/worker-ports";

function streamOf(bytes: Buffer): ByteStream {
  let destroyed = false;
  return {
    destroy: () => {
      destroyed = true;
    },
    async *[Symbol.asyncIterator]() {
      if (!destroyed) yield bytes;
    },
  };
}

/** The media bucket in memory (unit tests of the worker's media paths). */
export class InMemoryMediaObjects implements MediaObjects {
  readonly objects = new Map<string, { body: Buffer; contentType: string }>();

  async getStream(key: string) {
    const o = this.objects.get(key);
    if (!o) return null;
    return { body: streamOf(Buffer.from(o.body)), size: o.body.length, contentType: o.contentType };
  }

  async put(key: string, body: Buffer | AsyncIterable<Uint8Array>, contentType: string): Promise<void> {
    if (Buffer.isBuffer(body)) return void this.objects.set(key, { body: Buffer.from(body), contentType });
    // a stream that fails part-way stores nothing, as an aborted multipart upload
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(Buffer.from(c));
    this.objects.set(key, { body: Buffer.concat(chunks), contentType });
  }
}
