// Calls to the service: the studio's API (/studio/api/…) and the service's own REST routes, with the token when one
// was given. A 401 shows the token prompt again.
export class HttpError extends Error {
  constructor(public status: number, public body: any) { super(body?.error ?? body?.message ?? `HTTP ${status}`); }
}

let token = sessionStorage.getItem("studio.token") ?? "";
let onUnauthorized: () => void = () => {};

export function setToken(value: string) { token = value; sessionStorage.setItem("studio.token", value); }
export function whenUnauthorized(handler: () => void) { onUnauthorized = handler; }

async function call(method: string, path: string, body?: unknown, accept = "json"): Promise<any> {
  const headers: Record<string, string> = {};
  if (token) headers["authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    onUnauthorized();
    throw new HttpError(401, await response.json().catch(() => ({})));
  }
  if (!response.ok) throw new HttpError(response.status, await response.json().catch(() => ({ error: response.statusText })));
  return accept === "json" ? response.json() : response.text();
}

export const get = (path: string) => call("GET", path);
export const post = (path: string, body: unknown) => call("POST", path, body);
export const postText = (path: string, body: unknown) => call("POST", path, body, "text");

/** The REST path of a policy id ("after-sales/售后客服考核" → "after-sales/%E5%94%AE…"). */
export const policyPath = (id: string) => id.split("/").map(encodeURIComponent).join("/");
