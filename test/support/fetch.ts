// An injected fetch that records requests and answers from a function, for tests that need no network.
export interface Recorded {
  request: Request;
  body: string;
}

/** A fetch that records each request and answers with `answer(call)`, by default a 201. */
export function recordingFetch(answer: (call: Recorded) => Response | Promise<Response> = () => created()) {
  const calls: Recorded[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const call = { request, body: await request.clone().text() };
    calls.push(call);
    return answer(call);
  };
  return { fetch, calls };
}

/** A 201 with the given body. */
export function created(body: unknown = { nbInsertion: 1 }): Response {
  return Response.json(body, { status: 201 });
}
