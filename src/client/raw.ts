// The typed escape hatch: an openapi-fetch client of the spec, with the engine's auth, deadline and no redirects.
import createClient, { type Client } from 'openapi-fetch';
import { SESSION_HEADER } from '../engine/auth.js';
import { failure, transport, type Transport } from '../engine/engine.js';
import { ContactsResponseTooLargeError } from '../engine/errors.js';
import { checkBaseUrl, type ContactsClientOptions } from '../engine/options.js';
import { cookieText, paramValue } from '../engine/params.js';
import { deadline, type Deadline } from '../engine/signals.js';
import { basePath, routes } from '../engine/table.js';
import type { RawPaths } from '../engine/types.js';

/**
 * Creates an openapi-fetch client typed by the spec, with the same options and auth as `createContactsClient`
 * (its session header parameter is overwritten by the auth). It validates nothing and never retries.
 */
export function createRawClient(options: ContactsClientOptions): Client<RawPaths> {
  const shared = transport(options);
  const rawFetch = async (request: Request): Promise<Response> => {
    const limit = deadline(shared.timeoutMs, request.signal);
    let sent = false;
    try {
      const op = found.find((route) => route.op.method === request.method && route.pattern.test(new URL(request.url).pathname))?.op;
      const session = Boolean(op && SESSION_HEADER in (op.params.header ?? {}));
      const auth = await shared.auth(op?.security ?? [], session, limit.signal);
      const headers = new Headers(shared.headers);
      request.headers.forEach((value, name) => headers.set(name, value));
      for (const [name, value] of Object.entries(auth.headers)) headers.set(name, value);
      if (auth.cookie) headers.set('cookie', [headers.get('cookie'), auth.cookie].filter(Boolean).join('; '));
      // A redirect would carry the credentials to wherever it points.
      const outgoing = new Request(request, { headers, signal: limit.signal, redirect: 'manual' });
      sent = true;
      // An API key in the query: the same request, at the URL with the key appended.
      const response = await shared.fetch(auth.query ? new Request(`${request.url}${request.url.includes('?') ? '&' : '?'}${auth.query}`, outgoing) : outgoing);
      return response.body ? new Response(guarded(response, limit, request.signal, shared), response) : (limit.clear(), response);
    } catch (error) {
      limit.clear();
      throw failure(error, sent, limit, request.signal, shared.timeoutMs);
    }
  };
  const base = checkBaseUrl(options.baseUrl);
  // Each request's operation, by method and path, says which security and session apply.
  const found = routes(basePath(base));
  const client = createClient<RawPaths>({ baseUrl: base, fetch: rawFetch });
  // openapi-fetch writes no cookie parameters: they join the Cookie header, each in its style, as the engine writes them.
  client.use({
    onRequest({ request, params, schemaPath }) {
      const given = Object.entries(params.cookie ?? {}).filter(([, value]) => value !== undefined);
      if (given.length === 0) return undefined;
      const op = found.find((route) => route.op.path === schemaPath && route.op.method === request.method)?.op;
      const text = cookieText(Object.fromEntries(given.map(([name, value]) => [name, paramValue(schemaPath, name, value)])), op?.serial?.cookie);
      const headers = new Headers(request.headers);
      headers.set('cookie', [headers.get('cookie'), text].filter(Boolean).join('; '));
      return new Request(request, { headers });
    },
  });
  return client;
}

/** The body, read under the attempt's deadline, which ends when the body does, and up to maxResponseBytes (decompressed). */
function guarded(response: Response, limit: Deadline, caller: AbortSignal, { timeoutMs, maxResponseBytes }: Transport): ReadableStream<Uint8Array> {
  const reader = response.body!.getReader();
  let size = 0;
  return new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          limit.clear();
          controller.close();
          return;
        }
        size += value.byteLength;
        if (size > maxResponseBytes) {
          limit.clear();
          await reader.cancel();
          controller.error(new ContactsResponseTooLargeError(response.status, maxResponseBytes));
        } else controller.enqueue(value);
      } catch (error) {
        limit.clear();
        controller.error(failure(error, true, limit, caller, timeoutMs));
      }
    },
    cancel(reason) {
      limit.clear();
      return reader.cancel(reason);
    },
  });
}
