import { decodeBinaryNode, encodeBinaryNode, type BinaryNode, type proto } from "@whiskeysockets/baileys";
import { WebSocket, type RawData } from "ws";
import { encodeFrame, FrameReader } from "../noise/frames";
import { ServerNoise } from "../noise/handshake";
import type { LinkCodeState, PendingLink, RegistrationData } from "../pairing/types";
import type { Account } from "../state/types";
import type { SimContext } from "./context";
import { Outbox } from "./outbox";

export interface ConnectionHandlers {
  onPayload(conn: SimConnection, payload: proto.ClientPayload): void;
  onNode(conn: SimConnection, node: BinaryNode): Promise<void>;
  onClose(conn: SimConnection): void;
}

type Phase = "hello" | "stalled" | "finish" | "open" | "closed";

const toBuffer = (data: RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);

let nextConnectionId = 1;

/**
 * One client WebSocket: noise handshake, then encrypted binary nodes both ways. Protocol meaning
 * lives in the handlers; this class owns framing, ordering, latency and closing.
 */
export class SimConnection {
  readonly id = nextConnectionId++;
  phase: Phase = "hello";
  clientStatic: Buffer | undefined;
  /** Set when the client registers a new device (ClientPayload.devicePairingData). */
  registration: RegistrationData | undefined;
  /** Set once the client logged in as an account's linked device. */
  account: Account | undefined;
  refs: string[] = [];
  link: PendingLink | undefined;
  linkCode: LinkCodeState | undefined;
  /** The 408 fault: the server goes quiet (no answers, no pings) until the client gives up. */
  silent = false;

  private readonly reader = new FrameReader();
  private readonly noise: ServerNoise;
  private readonly outbox: Outbox;
  private inbound: Promise<void> = Promise.resolve();
  private tag = 0;
  private closeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: SimContext,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.noise = new ServerNoise(ctx.serverStatic, ctx.certChain);
    this.outbox = new Outbox(
      (data) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(data);
      },
      () => this.account?.latencyMs ?? ctx.settings.latencyMs,
    );
    ws.on("message", (data) => this.onData(toBuffer(data)));
    ws.on("close", () => this.onClosed());
    ws.on("error", (err) => ctx.logger.debug({ err, conn: this.id }, "client socket error"));
  }

  get isOpen(): boolean {
    return this.phase !== "closed" && this.ws.readyState === WebSocket.OPEN;
  }

  nextId(): string {
    return `sim.${this.id}.${++this.tag}`;
  }

  sendNode(node: BinaryNode): void {
    if (this.silent || !this.noise.isTransport || !this.isOpen) return;
    this.outbox.push(encodeFrame(this.noise.encrypt(encodeBinaryNode(node))));
  }

  /** After a stream error or failure: let the client close; drop it if it does not. */
  closeSoon(): void {
    if (this.closeTimer || this.phase === "closed") return;
    this.closeTimer = setTimeout(() => this.terminate(), this.ctx.settings.closeGraceMs + this.ctx.settings.latencyMs);
    this.closeTimer.unref();
  }

  /** Drops the TCP connection without a close handshake (the client sees 428). */
  terminate(): void {
    this.outbox.clear();
    this.ws.terminate();
    this.onClosed();
  }

  private onData(data: Buffer): void {
    if (this.phase === "closed" || this.phase === "stalled") return;
    let frames: Buffer[];
    try {
      frames = this.reader.feed(data);
      for (const frame of frames) this.onFrame(frame);
    } catch (err) {
      this.ctx.logger.warn({ err, conn: this.id }, "bad client stream, dropping connection");
      this.terminate();
    }
  }

  private onFrame(frame: Buffer): void {
    switch (this.phase) {
      case "hello": {
        if (this.ctx.faults.stallHandshakes > 0) {
          // Fault: never answer ClientHello; the client times out with 408 after connectTimeoutMs.
          this.ctx.faults.stallHandshakes--;
          this.phase = "stalled";
          return;
        }
        if (this.ctx.faults.garbleHandshakes > 0) {
          // Fault: a ServerHello that does not decode; the client closes without a status code.
          this.ctx.faults.garbleHandshakes--;
          this.phase = "stalled";
          this.outbox.push(encodeFrame(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff])));
          return;
        }
        this.ctx.stats.handshakes++;
        const hello = this.noise.serverHello(this.reader.introHeader!, frame);
        this.phase = "finish";
        this.outbox.push(encodeFrame(hello));
        return;
      }
      case "finish": {
        const { clientStatic, payload } = this.noise.clientFinish(frame);
        this.clientStatic = clientStatic;
        this.phase = "open";
        this.handlers.onPayload(this, payload);
        return;
      }
      case "open": {
        // Decrypt now (counters follow wire order); decode and handle one node at a time.
        const plaintext = this.noise.decrypt(frame);
        this.inbound = this.inbound
          .then(async () => {
            const node = await decodeBinaryNode(plaintext);
            if (!this.silent && this.phase === "open") await this.handlers.onNode(this, node);
          })
          .catch((err) => this.ctx.logger.warn({ err, conn: this.id }, "failed to handle client node"));
        return;
      }
      default:
        return;
    }
  }

  private onClosed(): void {
    if (this.phase === "closed") return;
    this.phase = "closed";
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.outbox.clear();
    this.handlers.onClose(this);
  }
}
