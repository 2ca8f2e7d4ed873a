import { S_WHATSAPP_NET, type BinaryNode } from "@whiskeysockets/baileys";

export const nowSeconds = (): string => String(Math.floor(Date.now() / 1000));

/** `<iq type="result">` answering `request`, with optional children. */
export function iqResult(request: BinaryNode, content?: BinaryNode[]): BinaryNode {
  return {
    tag: "iq",
    attrs: { id: request.attrs.id ?? "", type: "result", from: S_WHATSAPP_NET },
    ...(content ? { content } : {}),
  };
}

/** `<iq type="error"><error code text/></iq>` answering `request`. */
export function iqError(request: BinaryNode, code: number, text: string): BinaryNode {
  return {
    tag: "iq",
    attrs: { id: request.attrs.id ?? "", type: "error", from: S_WHATSAPP_NET },
    content: [{ tag: "error", attrs: { code: String(code), text } }],
  };
}

export function bufferContent(node: BinaryNode | undefined): Buffer | undefined {
  const content = node?.content;
  if (content instanceof Uint8Array) return Buffer.from(content);
  if (typeof content === "string") return Buffer.from(content, "utf8");
  return undefined;
}

export function childNodes(node: BinaryNode | undefined): BinaryNode[] {
  return Array.isArray(node?.content) ? (node.content as BinaryNode[]) : [];
}

/** Reads a big-endian unsigned integer of 1-4 bytes. */
export function readUIntBE(data: Buffer | undefined): number | undefined {
  if (!data || data.length === 0 || data.length > 6) return undefined;
  return data.readUIntBE(0, data.length);
}

export function writeUIntBE(value: number, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  out.writeUIntBE(value, 0, bytes);
  return out;
}
