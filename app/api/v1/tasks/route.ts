import { bodyOf, handler, json } from "@/lib/api/problem";
import { createTask } from "@/lib/data/plan-tasks";
import { taskCreateSchema } from "@/lib/validation/plan";

export const POST = handler(async (request) => json(await createTask(await bodyOf(taskCreateSchema, request)), 201));
