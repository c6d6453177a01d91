import { Agent, request, type Dispatcher } from "undici";

/** Connections kept to the Bot API: enough for a burst of answers to many buyers at once. */
const CONNECTIONS = 128;

export function telegramAgent(): Agent {
  // grammY times its calls out itself (and getUpdates long-polls), so undici's own timeouts are off.
  return new Agent({ connections: CONNECTIONS, keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 });
}

let shared: Agent | undefined;

/**
 * grammY's `fetch` option, over undici's request. grammY only reads `json()` of the answer. Its
 * default on Node (node-fetch over node:http) spent about three times the CPU per call here, and a
 * buyer's tap costs two or three Bot API calls. Multipart bodies (file uploads) are streams, which
 * undici takes as they are.
 */
export function telegramFetch(dispatcher: Dispatcher = (shared ??= telegramAgent())): typeof fetch {
  const f = async (url: string | URL, init: { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal } = {}) => {
    const res = await request(url, {
      method: (init.method ?? "GET") as Dispatcher.HttpMethod,
      headers: init.headers ?? {},
      body: init.body as Dispatcher.DispatchOptions["body"],
      signal: init.signal,
      dispatcher,
    });
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      json: () => res.body.json(),
      text: () => res.body.text(),
    };
  };
  return f as unknown as typeof fetch;
}
