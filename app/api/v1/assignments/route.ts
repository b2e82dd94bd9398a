import { handler, json, queryOf } from "@/lib/api/problem";
import { listAssignments } from "@/lib/data/api-assignments";
import { assignmentsQuerySchema } from "@/lib/validation/api";

export const GET = handler(async (request) => json(await listAssignments(queryOf(assignmentsQuerySchema, request))));
