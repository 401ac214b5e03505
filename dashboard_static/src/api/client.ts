/** The one typed client of the Management API: every request carries the session's token, and a 401
 * marks the session expired (the app then asks to sign in again over the page, so no form is lost). */
import createClient, { type Middleware } from "openapi-fetch";
import { ApiError } from "./errors";
import type { paths } from "./schema.gen";
import { session } from "../auth/session";

const withSession: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set("authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) session.expire();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(withSession);

type Pending<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

/** The data and ETag of a read (the ETag is the next write's If-Match: a concurrent edit then gets 412);
 * the API's error thrown as an ApiError, an unreachable server as status 0. */
export async function unwrapWithEtag<T>(pending: Pending<T>): Promise<{ data: T; etag: string | null }> {
  const result = await pending.catch(() => {
    throw new ApiError(0, null);
  });
  if (!result.response.ok) throw new ApiError(result.response.status, result.error);
  return { data: result.data as T, etag: result.response.headers.get("etag") };
}

/** The data of a request, or its error thrown as an ApiError. */
export async function unwrap<T>(pending: Pending<T>): Promise<T> {
  return (await unwrapWithEtag(pending)).data;
}
