import { bodyOf, clientAddress, handler, json } from "@/lib/api/problem";
import { BadRequestError } from "@/lib/domain/pagination";
import { BODY_LIMITS } from "@/lib/http/request-guard";
import { bearerToken, createApiToken, revokeApiToken } from "@/lib/data/api-tokens";
import { sessionBodySchema } from "@/lib/validation/api";

export const POST = handler(async (request) => {
  const body = await bodyOf(sessionBodySchema, request, { maxBytes: BODY_LIMITS.signIn });
  return json(await createApiToken(body, clientAddress(request)), 201);
}, { bodyLimit: BODY_LIMITS.signIn });

export const DELETE = handler(async (request) => {
  const token = bearerToken(request.headers.get("authorization"));
  if (!token) throw new BadRequestError("Send the token to revoke as Authorization: Bearer <token>");
  await revokeApiToken(token);
  return new Response(null, { status: 204 });
});
