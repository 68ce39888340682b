// Request bodies in media types besides JSON: forms judged as given and written as their media type says, text
// judged as a string, and anything else sent as the bytes given.
import { ContactsArgumentError } from './errors.js';
import { paramValue, queryPairs } from './params.js';
import { mediaOf } from './responses.js';
import { judgeOrThrow, tooLarge, type Check } from './validation.js';

/** A body ready for fetch, and its Content-Type (none for multipart, whose boundary fetch writes). */
export type Encoded = { body: string | Blob | FormData | ArrayBuffer | ArrayBufferView; contentType?: string };

/** The body of `id` in `media`, judged by `check` (a verdict of the media type's schema) when given. */
export function encodeAs(id: string, media: string, value: unknown, check: Check | undefined, maxRequestBytes: number): Encoded {
  const judged = (what: unknown) => check && judgeOrThrow(what, check);
  const type = mediaOf(media);
  if (type === 'application/x-www-form-urlencoded') {
    const fields = fieldsOf(id, media, value);
    judged(fields);
    const text = Object.entries(fields).flatMap(([name, field]) => (field === undefined ? [] : queryPairs(name, paramValue(id, name, field)))).join('&');
    return { body: limited(text, text.length, maxRequestBytes), contentType: media };
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
    return { body: form };
  }
  if (type.startsWith('text/')) {
    if (typeof value !== 'string') throw new ContactsArgumentError(`${id}: the ${media} body must be a string`);
    judged(value);
    return { body: limited(value, value.length, maxRequestBytes), contentType: media };
  }
  if (typeof value === 'string' || value instanceof Blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const size = typeof value === 'string' ? value.length : value instanceof Blob ? value.size : value.byteLength;
    return { body: limited(value, size, maxRequestBytes), contentType: media };
  }
  throw new ContactsArgumentError(`${id}: the ${media} body must be a Blob, an ArrayBuffer, a typed array or a string`);
}

function fieldsOf(id: string, media: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Blob) throw new ContactsArgumentError(`${id}: the ${media} body must be an object of fields`);
  return { ...(value as Record<string, unknown>) };
}

// A string's length counts UTF-16 units, at most its UTF-8 bytes: the limit is only checked, not measured exactly.
function limited<T>(body: T, size: number, max: number): T {
  if (size > max) throw tooLarge(`the body takes at least ${size} bytes`, max);
  return body;
}
