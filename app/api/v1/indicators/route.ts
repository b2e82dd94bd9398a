import { bodyOf, handler, json } from "@/lib/api/problem";
import { createIndicator } from "@/lib/data/plan-indicators";
import { indicatorCreateSchema } from "@/lib/validation/plan";

export const POST = handler(async (request) => json(await createIndicator(await bodyOf(indicatorCreateSchema, request)), 201));
