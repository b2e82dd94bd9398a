import { bodyOf, handler, json, queryOf } from "@/lib/api/problem";
import { listAssignments } from "@/lib/data/api-assignments";
import { setTaskAssignments } from "@/lib/data/plan-assignments";
import { assignmentsQuerySchema } from "@/lib/validation/api";
import { taskAssignmentsSchema } from "@/lib/validation/plan";

export const GET = handler(async (request) => json(await listAssignments(queryOf(assignmentsQuerySchema, request))));

export const PUT = handler(async (request) => json(await setTaskAssignments(await bodyOf(taskAssignmentsSchema, request))));
