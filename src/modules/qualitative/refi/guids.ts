import { createHash } from 'node:crypto';

/**
 * GUIDs for what has no row of its own: a variable (an attribute name), the selection around a
 * coding, the note holding a coding's memo. They are name-based UUIDs (RFC 9562 version 5) of the
 * row they derive from, so exporting the same project twice gives the same GUIDs.
 */

// A namespace of Formative's own, so its derived GUIDs cannot collide with another program's.
const namespace = Buffer.from('6f1b2a3c9d8e4f70a1b2c3d4e5f60718', 'hex');

export function derivedGuid(...parts: string[]): string {
  const hash = createHash('sha1').update(namespace).update(parts.join('\u0000')).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A GUID as REFI-QDA allows it (with or without braces, any case), in the plain lower-case form; undefined if it is not one. */
export function normaliseGuid(value: string | undefined): string | undefined {
  const match = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/.exec((value ?? '').trim());
  return match ? match[1]!.toLowerCase() : undefined;
}
