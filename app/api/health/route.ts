import { checkHealth } from "@/lib/data/health";

// For load balancers and monitors: no sign-in, never cached.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const report = await checkHealth();
  return Response.json(
    { status: report.ok ? "ok" : "fail", failed: report.failed, checks: report.checks },
    { status: report.ok ? 200 : 503, headers: { "Cache-Control": "no-store", ...(report.ok ? {} : { "Retry-After": "5" }) } },
  );
}
