// Request bodies in media types besides JSON: forms judged as given and written as their media type says, text
// judged as a string, and anything else sent as the bytes given. And what every body takes on the wire.
import { ContactsArgumentError } from './errors.js';
import { paramValue, queryPairs } from './params.js';
import { mediaOf } from './responses.js';
import { judgeOrThrow, tooLarge, type Check } from './validation.js';

/** A body ready for fetch, and its Content-Type. */
export type Encoded = { body: string | Blob | ArrayBuffer | ArrayBufferView; contentType?: string };

/**
 * The body of `id` in `media`, judged by `check` (a verdict of the media type's schema) when given. A multipart
 * body is written here, as fetch would write it, so that its size is known before it is sent; its parts are
 * counted first, so that a file far past `maxRequestBytes` is refused before it is read.
 */
export async function encodeAs(id: string, media: string, value: unknown, check: Check | undefined, maxRequestBytes: number): Promise<Encoded> {
  const judged = (what: unknown) => check && judgeOrThrow(what, check);
  const type = mediaOf(media);
  if (type === 'application/x-www-form-urlencoded') {
    const fields = fieldsOf(id, media, value);
    judged(fields);
    const text = Object.entries(fields).flatMap(([name, field]) => (field === undefined ? [] : queryPairs(name, paramValue(id, name, field)))).join('&');
    return { body: text, contentType: media };
  }
  if (type === 'multipart/form-data') {
    const fields = fieldsOf(id, media, value);
    // A file part is judged as a string (binary, or with a contentMediaType): its bytes are not read.
    judged(Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field instanceof Blob ? '' : field])));
    const form = new FormData();
    for (const [name, field] of Object.entries(fields)) {
      for (const part of Array.isArray(field) ? (field as unknown[]) : [field]) {
        if (part instanceof Blob) form.append(name, part);
        // An object part is JSON, as OpenAPI's default encoding of one says.
        else if (part !== null && typeof part === 'object') form.append(name, new Blob([JSON.stringify(part)], { type: 'application/json' }));
        else if (part !== undefined) form.append(name, String(part));
      }
    }
    const parts: Blob[] = [];
    form.forEach((part) => parts.push(new Blob([part])));
    checkSize(new Blob(parts), maxRequestBytes);
    const wire = new Response(form);
    return { body: await wire.blob(), contentType: wire.headers.get('content-type')! };
  }
  if (type.startsWith('text/')) {
    if (typeof value !== 'string') throw new ContactsArgumentError(`${id}: the ${media} body must be a string`);
    judged(value);
    return { body: value, contentType: media };
  }
  if (typeof value === 'string' || value instanceof Blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return { body: value, contentType: media };
  throw new ContactsArgumentError(`${id}: the ${media} body must be a Blob, an ArrayBuffer, a typed array or a string`);
}

function fieldsOf(id: string, media: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Blob) throw new ContactsArgumentError(`${id}: the ${media} body must be an object of fields`);
  return { ...(value as Record<string, unknown>) };
}

/** Refuses a body that takes more than `max` bytes on the wire: a string as the UTF-8 fetch sends, anything else by its bytes. */
export function checkSize(body: Encoded['body'], max: number): void {
  if (typeof body !== 'string') {
    const size = body instanceof Blob ? body.size : body.byteLength;
    if (size > max) throw tooLarge(`the body takes ${size} bytes`, max);
    return;
  }
  // UTF-8 takes one to three bytes per UTF-16 unit: only a string between the two bounds is encoded to be counted.
  if (body.length > max) throw tooLarge(`the body takes at least ${body.length} bytes`, max);
  if (body.length * 3 <= max) return;
  const size = new TextEncoder().encode(body).byteLength;
  if (size > max) throw tooLarge(`the body takes ${size} bytes`, max);
}
